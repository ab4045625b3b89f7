/**
 * Text presence and text lines, from a small grey copy of the image (about 1/10 of the OCR size in pixels): the gate
 * that spares a photo without text every OCR pass, and the lines the reader then reads one by one at a size and
 * polarity tesseract reads well. Pure and cheap (a few linear passes).
 *
 * A letter is a connected blob of ink darker (or lighter) than its surroundings, of letter shape: not too small, not
 * most of the image, at most a few times wider than tall, and made of strokes (thin for its height, which solid
 * blobs such as leaves, tiles and dots are not). A line is three or more such blobs of similar height side by side
 * on one baseline, close together. Ink is found twice, against a global threshold (large letters on a plain sign)
 * and against the local mean (small text on a photo or a gradient), in both polarities.
 */
import { otsuThreshold, windowStats, type GrayImage } from './preprocess.js';

export interface TextLine {
  /** In the grey copy's pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Median letter height, in the grey copy's pixels. */
  letterHeight: number;
  /** The ink is lighter than the background (white or neon letters on a dark board). */
  lightOnDark: boolean;
  /** Slope of the line's baseline, radians, positive when it descends to the right. */
  angle: number;
  /**
   * Letter blobs in the line, from both ways of finding ink together: a letter both find counts twice, and one
   * found by only one (on a busy background, in a glow) once. The thresholds below are measured on these counts.
   */
  letters: number;
  /** Read top to bottom: the letters stand one under another (a page turned a quarter). */
  vertical: boolean;
  /** Blobs in the line (a joined-up word is one blob standing for several letters). */
  blobs: number;
  /** Spread of the letters' stroke widths (coefficient of variation): one font has one stroke. */
  strokeSpread: number;
  /** Letters once each: a blob found by both thresholds (boxes overlapping mostly) counted once. */
  distinct: number;
  /** Blobs once each (as `distinct`, a joined-up blob counting one). */
  distinctBlobs: number;
  /** The letters' height over the image's (its width for a vertical line). */
  heightShare: number;
  /** Spread of the distinct letters' heights (coefficient of variation). */
  heightSpread: number;
  /** Baseline or top-line residual, in letter heights. */
  align: number;
  /** Spread of the gaps between neighbouring distinct letters, in letter heights (standard deviation). */
  gapSpread: number;
  /**
   * The letters' centres fitted with a parabola, y = cy + slope·(x − cx) + bend·(x − cx)², in the grey copy's
   * pixels (x, y swapped for a vertical line): the curve of letters set along an arc.
   */
  curve: { cx: number; cy: number; slope: number; bend: number };
}

/** A line whose centres sag from their chord by more than this many letter heights is read unbent. */
export const CURVED_SAG = 0.8;

/** How far the line's centres sag from a straight line over its width, in letter heights. */
export function sag(line: TextLine): number {
  const half = (line.vertical ? line.height : line.width) / 2;
  return (Math.abs(line.curve.bend) * half * half) / line.letterHeight;
}

/** The longer side of the grey copy the detector reads. */
export const DETECT_SIDE = 640;

interface Blob {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
  /** Stroke width estimate, 2·area / perimeter, px. */
  stroke: number;
  /** Letters it stands for: 1, or several for a joined-up (script) word. */
  weight: number;
  lightOnDark: boolean;
}

/** Letters smaller than this (px of the grey copy) are not told from noise; text there is too small to read anyway. */
const MIN_LETTER_HEIGHT = 5;
/** 2·area / (perimeter · height): a stroke of width s in a letter of height h gives about s/h. */
const MAX_STROKE_RATIO = 0.42;
/** Letters of one line: heights within this ratio, gaps up to this many letter heights. */
const HEIGHT_RATIO = 1.9;
const MAX_GAP = 1.3;
const MIN_LETTERS = 3;

export function findTextLines(image: GrayImage): TextLine[] {
  const global = otsuThreshold(image.data);
  const local = localMean(image);
  const { data } = image;
  const scratch = { mask: new Uint8Array(data.length), stack: new Int32Array(data.length) };
  const blobs: Blob[] = [];
  for (const lightOnDark of [false, true]) {
    const { mask } = scratch;
    for (let i = 0; i < data.length; i++) mask[i] = (lightOnDark ? data[i]! > global : data[i]! <= global) ? 1 : 0;
    blobs.push(...letterBlobs(image, scratch, lightOnDark));
    for (let i = 0; i < data.length; i++) mask[i] = (lightOnDark ? data[i]! > local[i]! + 12 : data[i]! < local[i]! - 12) ? 1 : 0;
    blobs.push(...letterBlobs(image, scratch, lightOnDark));
  }
  // A page turned a quarter has its lines upright: the same chaining on the blobs with x and y swapped.
  const turned = blobs
    .filter((blob) => blob.x1 - blob.x0 <= 3 * (blob.y1 - blob.y0))
    .map((blob) => ({ ...blob, x0: blob.y0, y0: blob.x0, x1: blob.y1, y1: blob.x1, weight: 1 }));
  const vertical = chain(turned, image.width).map((line): TextLine => ({ ...line, x: line.y, y: line.x, width: line.height, height: line.width, vertical: true }));
  return dedupe([...chain(blobs, image.height), ...vertical]);
}

/**
 * Whether the lines found say there is text: one line level within 13° (a slanted page, a tilted sign), in letters
 * of one stroke width (one font), whose letters are mostly found by both thresholds (printed ink), or that is a
 * sign's exact row of letters of one height, or long. Measured with `node bench/ocr-gate.mjs` on the varied text set,
 * the older corpus and 41 photos without text: a photo's chains of blobs are found by one threshold, up and down.
 * The gate alone: which lines are read and whether the page is read stay isTextLine's and isCandidateLine's.
 */
export function hasText(lines: readonly TextLine[]): boolean {
  return lines.some((line) => isTextLine(line) && looksPrinted(line));
}

/** A line of letters: level, in one stroke width, five letters or more (or one large joined-up word). */
export function isTextLine(line: TextLine): boolean {
  if (line.vertical) return line.letters >= 8 && line.strokeSpread <= 0.25;
  // One joined-up blob alone (script, or neon whose glow joins its letters) counts only when large.
  if (line.blobs < 2 && line.letterHeight < 20) return false;
  return line.letters >= 5 && Math.abs(line.angle) <= 0.23 && line.strokeSpread <= 0.25;
}

/**
 * What tells a text line from a photo's chain of blobs that isTextLine takes (measured with node
 * bench/ocr-gate.mjs on the varied set, the older corpus and 41 photos without text, which gave such chains in 13).
 */
export function looksPrinted(line: TextLine): boolean {
  if (line.vertical) return true;
  // One joined-up blob alone (script, or neon whose glow joins its letters) counts only as a title: a fifth of the
  // image's height or more (a branch or a shadow across a photo is one thin blob too, smaller).
  if (line.blobs < 2) return line.heightShare >= 0.2;
  // Printed letters stand out of their background both against the image's global threshold and against the
  // local mean: most are found twice (the twins). Blobs of a photo (foliage, fur, eyes, folds) mostly pass only one.
  if (line.distinct >= 4 && line.letters >= 1.55 * line.distinct && line.align <= 0.1) return true;
  // A sign in one font: four letters or more of one height on one line, exactly.
  if (line.distinctBlobs >= 4 && line.align <= 0.03 && line.heightSpread <= 0.05) return true;
  // A long line (faint ink, found by one threshold only).
  return line.distinct >= 16 && line.align <= 0.05;
}

/** Lines worth a reading of their own (looser than isTextLine: a short word, a shop's second line). */
export function isCandidateLine(line: TextLine): boolean {
  return !line.vertical && line.letters >= 3 && Math.abs(line.angle) <= 0.3 && line.strokeSpread <= 0.35;
}

/** The mean of a window about 1/16 of the short side around each pixel. */
function localMean(image: GrayImage): Float64Array {
  return windowStats(image, Math.max(6, Math.round(Math.min(image.width, image.height) / 16))).mean;
}

/**
 * The 4-connected blobs of the ink in `scratch.mask` (1) that have the shape of a letter. The mask is used up (each
 * pixel visited is set to 2); the buffers are shared by the four passes so a photo allocates them once.
 */
function letterBlobs(image: GrayImage, scratch: { mask: Uint8Array; stack: Int32Array }, lightOnDark: boolean): Blob[] {
  const { width, height } = image;
  const { mask, stack } = scratch;
  const out: Blob[] = [];
  const maxHeight = height * 0.7;
  const last = width - 1;
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1) continue;
    let top = 0;
    stack[top++] = start;
    mask[start] = 2;
    let x0 = width;
    let y0 = height;
    let x1 = 0;
    let y1 = 0;
    let area = 0;
    let perimeter = 0;
    while (top > 0) {
      const index = stack[--top]!;
      const x = index % width;
      const y = (index - x) / width;
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      // The 4 neighbours, unrolled (this runs once a pixel of ink): background next to it puts it on the edge.
      let edge = x === 0 || y === 0 || x === last || y === height - 1;
      if (x > 0) {
        const next = index - 1;
        if (mask[next] === 0) edge = true;
        else if (mask[next] === 1) (mask[next] = 2), (stack[top++] = next);
      }
      if (x < last) {
        const next = index + 1;
        if (mask[next] === 0) edge = true;
        else if (mask[next] === 1) (mask[next] = 2), (stack[top++] = next);
      }
      if (y > 0) {
        const next = index - width;
        if (mask[next] === 0) edge = true;
        else if (mask[next] === 1) (mask[next] = 2), (stack[top++] = next);
      }
      if (y < height - 1) {
        const next = index + width;
        if (mask[next] === 0) edge = true;
        else if (mask[next] === 1) (mask[next] = 2), (stack[top++] = next);
      }
      if (edge) perimeter++;
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if (h < MIN_LETTER_HEIGHT || h > maxHeight || w > h * 10 || area < 10) continue;
    if (x0 === 0 || y0 === 0 || x1 === width - 1 || y1 === height - 1) continue;
    const fill = area / (w * h);
    if (fill < 0.1 || fill > 0.92) continue;
    const strokeRatio = (2 * area) / (perimeter * h);
    // A thin upright bar ("l", "I", "1") is all stroke: its ratio says nothing, so it passes on its shape.
    if (w > h * 0.35 && strokeRatio > MAX_STROKE_RATIO) continue;
    // Wider than three letters: a word in joined-up script (thin strokes, mostly air), or not a letter at all.
    const joined = w > h * 3;
    if (joined && (strokeRatio > 0.2 || fill > 0.5)) continue;
    const weight = joined ? Math.round(w / (0.6 * h)) : 1;
    out.push({ x0, y0, x1, y1, area, stroke: (2 * area) / perimeter, weight, lightOnDark });
  }
  return out;
}

/** Beyond this a line counts as slanted (radians, about 2°). */
const SLANT = 0.035;

/**
 * A slanted line whose box takes in its neighbours (the lines of a page shot at an angle): its cut would hold parts
 * of them. Those lines are read with the page, straightened as a whole.
 */
export function slantedAmongOthers(line: TextLine, all: readonly TextLine[]): boolean {
  if (Math.abs(line.angle) <= SLANT) return false;
  return all.some(
    (other) =>
      other !== line &&
      other.x < line.x + line.width &&
      line.x < other.x + other.width &&
      other.y < line.y + line.height &&
      line.y < other.y + other.height,
  );
}

/** The slant of a page: the median angle of its text lines when at least two of them agree on one beyond SLANT. */
export function pageSlant(lines: readonly TextLine[]): number {
  const angles = lines.filter((line) => !line.vertical).map((line) => line.angle).sort((a, b) => a - b);
  if (angles.length < 2) return 0;
  const median = angles[angles.length >> 1]!;
  const agreeing = angles.filter((angle) => Math.abs(angle - median) <= SLANT).length;
  return Math.abs(median) > SLANT && agreeing >= 2 ? median : 0;
}

/** Letters joined into lines: each letter to its nearest neighbour on the right that sits on the same line. */
function chain(blobs: Blob[], imageHeight: number): TextLine[] {
  const sorted = [...blobs].sort((a, b) => a.x0 - b.x0);
  const parent = sorted.map((_, index) => index);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    const ha = a.y1 - a.y0 + 1;
    let best = -1;
    let bestGap = Infinity;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.x0 - a.x1 > MAX_GAP * ha * HEIGHT_RATIO) break;
      if (b.lightOnDark !== a.lightOnDark) continue;
      const hb = b.y1 - b.y0 + 1;
      if (Math.max(ha, hb) / Math.min(ha, hb) > HEIGHT_RATIO) continue;
      const gap = b.x0 - a.x1;
      if (gap > MAX_GAP * Math.max(ha, hb) || gap < -0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0)) continue;
      const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (overlap < 0.6 * Math.min(ha, hb)) continue;
      if (gap < bestGap) {
        bestGap = gap;
        best = j;
      }
    }
    if (best >= 0) parent[find(best)] = find(i);
  }
  const groups = new Map<number, Blob[]>();
  sorted.forEach((blob, index) => {
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(blob);
    else groups.set(root, [blob]);
  });
  const lines: TextLine[] = [];
  for (const letters of groups.values()) {
    const count = letters.reduce((total, blob) => total + blob.weight, 0);
    if (count < MIN_LETTERS) continue;
    const heights = letters.map((blob) => blob.y1 - blob.y0 + 1).sort((a, b) => a - b);
    const letterHeight = heights[heights.length >> 1]!;
    // Letters of a line share a baseline or a top line; blobs scattered up and down (foliage) share neither.
    const bottoms = letters.map((blob) => blob.y1);
    const tops = letters.map((blob) => blob.y0);
    const angle = slope(letters);
    const spread = Math.min(residual(letters, bottoms, angle), residual(letters, tops, angle));
    if (spread > 0.2 * letterHeight) continue;
    const x0 = Math.min(...letters.map((blob) => blob.x0));
    const y0 = Math.min(...letters.map((blob) => blob.y0));
    const x1 = Math.max(...letters.map((blob) => blob.x1));
    const y1 = Math.max(...letters.map((blob) => blob.y1));
    const strokes = letters.map((blob) => blob.stroke);
    const meanStroke = strokes.reduce((a, b) => a + b, 0) / strokes.length;
    const strokeSpread = Math.sqrt(strokes.reduce((total, stroke) => total + (stroke - meanStroke) ** 2, 0) / strokes.length) / meanStroke;
    const once = distinctBlobs(letters);
    const hs = once.map((blob) => blob.y1 - blob.y0 + 1);
    const meanH = hs.reduce((a, b) => a + b, 0) / hs.length;
    const heightSpread = Math.sqrt(hs.reduce((t, h) => t + (h - meanH) ** 2, 0) / hs.length) / meanH;
    const byX = [...once].sort((a, b) => a.x0 - b.x0);
    const gaps: number[] = [];
    for (let i = 1; i < byX.length; i++) gaps.push((byX[i]!.x0 - byX[i - 1]!.x1) / letterHeight);
    const meanGap = gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length);
    const gapSpread = gaps.length ? Math.sqrt(gaps.reduce((t, g) => t + (g - meanGap) ** 2, 0) / gaps.length) : 0;
    lines.push({
      curve: parabola(once),
      distinct: once.reduce((t, b) => t + b.weight, 0),
      distinctBlobs: once.length,
      heightShare: letterHeight / imageHeight,
      heightSpread,
      align: spread / letterHeight,
      gapSpread,
      x: x0,
      y: y0,
      width: x1 - x0 + 1,
      height: y1 - y0 + 1,
      letterHeight,
      lightOnDark: letters[0]!.lightOnDark,
      angle,
      letters: count,
      vertical: false,
      blobs: letters.length,
      strokeSpread,
    });
  }
  return lines;
}

/** Least-squares parabola through the blobs' centres (a straight line when there are fewer than four). */
function parabola(blobs: Blob[]): TextLine['curve'] {
  const xs = blobs.map((blob) => (blob.x0 + blob.x1) / 2);
  const ys = blobs.map((blob) => (blob.y0 + blob.y1) / 2);
  const n = xs.length;
  const cx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let s2 = 0, s3 = 0, s4 = 0, t1 = 0, t2 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - cx;
    const e = ys[i]! - my;
    s2 += d * d;
    s3 += d * d * d;
    s4 += d * d * d * d;
    t1 += d * e;
    t2 += d * d * e;
  }
  if (n < 4 || s2 === 0) return { cx, cy: my, slope: s2 === 0 ? 0 : t1 / s2, bend: 0 };
  // Normal equations for e = a + b·d + c·d², with Σd = 0: [n 0 s2; 0 s2 s3; s2 s3 s4]·[a b c] = [0 t1 t2].
  const det = n * (s2 * s4 - s3 * s3) - s2 * (s2 * s2);
  if (Math.abs(det) < 1e-9) return { cx, cy: my, slope: t1 / s2, bend: 0 };
  // Cramer's rule.
  const a = (s2 * (t1 * s3 - s2 * t2)) / det;
  const b = (n * (t1 * s4 - s3 * t2) - s2 * s2 * t1) / det;
  const c = (n * (s2 * t2 - t1 * s3)) / det;
  return { cx, cy: my + a, slope: b, bend: c };
}

/** The blobs of a line with those found twice (by the global and the local threshold) counted once. */
function distinctBlobs(letters: Blob[]): Blob[] {
  const kept: Blob[] = [];
  for (const blob of letters) {
    const twin = kept.some((other) => {
      const w = Math.min(blob.x1, other.x1) - Math.max(blob.x0, other.x0) + 1;
      const h = Math.min(blob.y1, other.y1) - Math.max(blob.y0, other.y0) + 1;
      if (w <= 0 || h <= 0) return false;
      const areaA = (blob.x1 - blob.x0 + 1) * (blob.y1 - blob.y0 + 1);
      const areaB = (other.x1 - other.x0 + 1) * (other.y1 - other.y0 + 1);
      return w * h > 0.6 * Math.max(areaA, areaB);
    });
    if (!twin) kept.push(blob);
  }
  return kept;
}

/** Least-squares slope of the letters' centres. */
function slope(letters: Blob[]): number {
  const xs = letters.map((blob) => (blob.x0 + blob.x1) / 2);
  const ys = letters.map((blob) => (blob.y0 + blob.y1) / 2);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx === 0 ? 0 : Math.atan(sxy / sxx);
}

/** Median distance of `edges` from the straight line at `angle` through their mean. */
function residual(letters: Blob[], edges: number[], angle: number): number {
  const xs = letters.map((blob) => (blob.x0 + blob.x1) / 2);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = edges.reduce((a, b) => a + b, 0) / edges.length;
  const tan = Math.tan(angle);
  const off = edges.map((edge, i) => Math.abs(edge - (my + (xs[i]! - mx) * tan))).sort((a, b) => a - b);
  return off[off.length >> 1]!;
}

/** The same line found by the global and the local threshold: the one with more letters stays. */
function dedupe(lines: TextLine[]): TextLine[] {
  const kept: TextLine[] = [];
  const rank = (line: TextLine) => (isTextLine(line) ? 1000 : 0) + line.letters;
  for (const line of [...lines].sort((a, b) => rank(b) - rank(a))) {
    const duplicate = kept.some((other) => intersection(line, other) > 0.5 * Math.min(line.width * line.height, other.width * other.height));
    if (!duplicate) kept.push(line);
  }
  return kept.sort((a, b) => a.y - b.y || a.x - b.x);
}

function intersection(a: TextLine, b: TextLine): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
