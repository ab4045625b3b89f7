/**
 * Where the pictures are in an image, from its pixels alone: uniform borders trimmed, then an XY-cut (Nagy's
 * recursive split of a page into blocks) along straight gutters (uniform runs of rows or columns) and seams (a
 * straight edge across the whole block, where two photos of a collage touch with no gutter). Pure and cheap: it runs
 * on the small smoothed copy of the image (LAYOUT_SIDE), so JPEG noise and a noisy canvas average out.
 */
import type { RgbaImage } from '../input/pixels.js';
import { rectHeight, rectWidth, type Rect } from './box.js';

/**
 * A pixel within this many levels (each of R, G, B) of its line's mean is "the same colour": wide enough for a
 * noisy canvas shrunk only 2.5 times (its noise is not averaged away) and for JPEG ringing at quality 50.
 */
const UNIFORM_TOLERANCE = 28;
/** Share of a line's pixels that must be the same colour for it to be a border or gutter line. */
const UNIFORM_SHARE = 0.95;
/** Share of a block's width (or height) over which an edge must run for it to be a seam. */
const SEAM_SHARE = 0.7;
/** Colour step (largest of R, G, B, across three pixels) that counts as an edge. */
const SEAM_STEP = 36;
/** ...and stand out by this much over the lines a few pixels either side (a textured photo has edges everywhere). */
const SEAM_CONTRAST = 0.4;
/** A seam cuts only where both parts keep at least this share of the block: not at a photo's own edge detail. */
const SEAM_MIN_PART = 0.15;
/** Blocks thinner than this (layout pixels) are not cut further. */
const MIN_SIDE = 8;
const MAX_DEPTH = 4;

type Axis = 'rows' | 'columns';

export interface Blocks {
  /** What is left once uniform borders are cut away. */
  content: Rect;
  /** The leaves of the XY-cut inside it, larger first; one block (the content) when nothing splits it. */
  blocks: Rect[];
}

export function findBlocks(image: RgbaImage): Blocks {
  const content = trim(image, { x0: 0, y0: 0, x1: image.width, y1: image.height });
  const blocks: Rect[] = [];
  if (rectWidth(content) > 0 && rectHeight(content) > 0) split(image, content, 0, blocks);
  blocks.sort((a, b) => rectWidth(b) * rectHeight(b) - rectWidth(a) * rectHeight(a));
  return { content: rectWidth(content) > 0 && rectHeight(content) > 0 ? content : { x0: 0, y0: 0, x1: image.width, y1: image.height }, blocks };
}

/** Cuts uniform lines off each side until none is left (a frame of two colours goes too). */
export function trim(image: RgbaImage, rect: Rect): Rect {
  let { x0, y0, x1, y1 } = rect;
  for (let changed = true; changed; ) {
    changed = false;
    while (y0 < y1 && uniformLine(image, 'rows', y0, x0, x1)) (y0++, (changed = true));
    while (y1 > y0 && uniformLine(image, 'rows', y1 - 1, x0, x1)) (y1--, (changed = true));
    while (x0 < x1 && uniformLine(image, 'columns', x0, y0, y1)) (x0++, (changed = true));
    while (x1 > x0 && uniformLine(image, 'columns', x1 - 1, y0, y1)) (x1--, (changed = true));
  }
  return { x0, y0, x1, y1 };
}

function split(image: RgbaImage, rect: Rect, depth: number, out: Rect[]): void {
  if (depth < MAX_DEPTH) {
    for (const axis of ['rows', 'columns'] as const) {
      const parts = cut(image, rect, axis);
      if (parts.length > 1) {
        for (const part of parts) {
          const trimmed = trim(image, part);
          if (rectWidth(trimmed) >= 1 && rectHeight(trimmed) >= 1) split(image, trimmed, depth + 1, out);
        }
        return;
      }
    }
  }
  out.push(rect);
}

/** The block cut across `axis` at every gutter and seam; [rect] when there is none. */
function cut(image: RgbaImage, rect: Rect, axis: Axis): Rect[] {
  const [start, end] = axis === 'rows' ? [rect.y0, rect.y1] : [rect.x0, rect.x1];
  const [from, to] = axis === 'rows' ? [rect.x0, rect.x1] : [rect.y0, rect.y1];
  if (end - start < 2 * MIN_SIDE) return [rect];
  // Spans of [start, end) that are content, separated by gutters (runs of uniform lines).
  const spans: [number, number][] = [];
  let open = -1;
  for (let line = start; line < end; line++) {
    const gutter = uniformLine(image, axis, line, from, to);
    if (!gutter && open < 0) open = line;
    if (gutter && open >= 0) (spans.push([open, line]), (open = -1));
  }
  if (open >= 0) spans.push([open, end]);
  // Each span is cut again at its seams.
  const pieces: [number, number][] = [];
  for (const [a, b] of spans) {
    let last = a;
    for (const seam of seams(image, axis, a, b, from, to)) (pieces.push([last, seam]), (last = seam));
    pieces.push([last, b]);
  }
  const kept = pieces.filter(([a, b]) => b - a >= 2);
  if (kept.length < 2) return [rect];
  return kept.map(([a, b]) => (axis === 'rows' ? { ...rect, y0: a, y1: b } : { ...rect, x0: a, x1: b }));
}

/**
 * Lines between `a` and `b` where a straight edge runs across at least SEAM_SHARE of the block: the colour jumps
 * by SEAM_STEP over three pixels there, much more often than on the lines a few pixels away, and more than on
 * its neighbours (one seam per edge).
 */
function seams(image: RgbaImage, axis: Axis, a: number, b: number, from: number, to: number): number[] {
  const length = b - a;
  const strength = new Float32Array(length);
  for (let line = a + 2; line < b - 1; line++) strength[line - a] = edgeShare(image, axis, line, from, to);
  const found: number[] = [];
  const minPart = Math.max(MIN_SIDE, Math.ceil(length * SEAM_MIN_PART));
  for (let i = minPart; i <= length - minPart; i++) {
    const value = strength[i]!;
    if (value < SEAM_SHARE) continue;
    let peak = true;
    for (let j = Math.max(0, i - 3); j <= Math.min(length - 1, i + 3); j++) {
      if (strength[j]! > value || (strength[j] === value && j < i)) peak = false;
    }
    if (value - Math.max(sideMean(strength, i - 10, i - 4), sideMean(strength, i + 4, i + 10)) < SEAM_CONTRAST) continue;
    if (peak && (found.length === 0 || a + i - found[found.length - 1]! >= minPart)) found.push(a + i);
  }
  return found;
}

function sideMean(strength: Float32Array, from: number, to: number): number {
  let total = 0;
  let count = 0;
  for (let i = Math.max(0, from); i <= Math.min(strength.length - 1, to); i++) (total += strength[i]!), count++;
  return count === 0 ? 0 : total / count;
}

/** Share of the line's pixels where the colour steps by SEAM_STEP between line-2 and line+1. */
function edgeShare(image: RgbaImage, axis: Axis, line: number, from: number, to: number): number {
  const { data, width } = image;
  let edges = 0;
  for (let i = from; i < to; i++) {
    const before = axis === 'rows' ? ((line - 2) * width + i) * 4 : (i * width + line - 2) * 4;
    const after = axis === 'rows' ? ((line + 1) * width + i) * 4 : (i * width + line + 1) * 4;
    const step = Math.max(
      Math.abs(data[before]! - data[after]!),
      Math.abs(data[before + 1]! - data[after + 1]!),
      Math.abs(data[before + 2]! - data[after + 2]!),
    );
    if (step >= SEAM_STEP) edges++;
  }
  return edges / (to - from);
}

/** Whether the line (a row, or a column) between `from` and `to` is nearly one colour. */
export function uniformLine(image: RgbaImage, axis: Axis, line: number, from: number, to: number): boolean {
  const count = to - from;
  if (count <= 0) return false;
  const { data, width } = image;
  const offset = (i: number) => (axis === 'rows' ? (line * width + i) * 4 : (i * width + line) * 4);
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = from; i < to; i++) {
    const o = offset(i);
    r += data[o]!;
    g += data[o + 1]!;
    b += data[o + 2]!;
  }
  r /= count;
  g /= count;
  b /= count;
  let same = 0;
  for (let i = from; i < to; i++) {
    const o = offset(i);
    if (Math.abs(data[o]! - r) <= UNIFORM_TOLERANCE && Math.abs(data[o + 1]! - g) <= UNIFORM_TOLERANCE && Math.abs(data[o + 2]! - b) <= UNIFORM_TOLERANCE) same++;
  }
  return same >= count * UNIFORM_SHARE;
}
