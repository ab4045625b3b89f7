/**
 * Which extra looks an image is worth, beyond the one at the whole frame, and in what order, within a budget. Each
 * reason is something the layout or another analyzer saw: a border or canvas around the picture, a collage of
 * several, a strip too long to squash into a square, people who are small in the frame, and, once the regions are
 * scored, a doubtful score that a quarter turn may settle. An ordinary photo gives none, and costs one pass.
 */
import { boxArea, grow, overlap, type Box } from './box.js';
import type { Layout } from './index.js';

/** Clockwise quarter turns given to a region before it is classified (0: as displayed). */
export type Turn = 0 | 1 | 2 | 3;

export type PassReason = 'border' | 'cell' | 'aspect' | 'person' | 'turn';

export interface PlannedPass {
  box: Box;
  turn: Turn;
  reason: PassReason;
}

/** Content smaller than this share of the frame is framed by a border or a canvas, and gets its own pass. */
const FRAMED_AREA = 0.8;
/** Longer side over shorter at or beyond which a region is cut into overlapping squares rather than squashed. */
const EXTREME_ASPECT = 2;
/** A person box smaller than this share of the frame is small enough to be lost in the whole-frame pass. */
const SMALL_PERSON_AREA = 0.2;
/** Margin around a person box: the model was trained on pictures of people, not tight boxes. */
const PERSON_MARGIN = 0.15;
/** Two regions overlapping this much (IoU) are one look. */
const SAME_REGION = 0.8;
/** The whole frame is already looked at: a region covering this share of it adds nothing. */
const NEAR_WHOLE = 0.9;

/**
 * The region passes for an image, most telling first, at most `budget`. `people` are person or face boxes from
 * other analyzers (0-1 of the displayed image), when they ran before.
 */
export function planRegionPasses(layout: Layout, people: readonly Box[], budget: number): PlannedPass[] {
  if (budget <= 0) return [];
  const candidates: { pass: PlannedPass; priority: number }[] = [];
  const add = (box: Box, reason: PassReason, priority: number) => candidates.push({ pass: { box, turn: 0, reason }, priority });

  for (const person of people) {
    if (boxArea(person) < SMALL_PERSON_AREA) add(grow(person, PERSON_MARGIN), 'person', 2);
  }
  const regions =
    layout.blocks.length >= 2
      ? layout.blocks.map((block) => ({ box: block.box, aspect: block.aspect, reason: 'cell' as const, priority: block.skin }))
      : [{ box: layout.blocks[0]?.box ?? layout.content, aspect: aspectOf(layout.blocks[0]?.box ?? layout.content, layout), reason: 'border' as const, priority: 1 }];
  for (const region of regions) {
    const extreme = region.aspect >= EXTREME_ASPECT || region.aspect <= 1 / EXTREME_ASPECT;
    if (extreme) {
      for (const tile of squareTiles(region.box, region.aspect, budget)) add(tile, 'aspect', region.priority);
    } else if (region.reason === 'cell' || boxArea(region.box) < FRAMED_AREA) {
      add(region.box, region.reason, region.priority);
    }
  }

  const chosen: PlannedPass[] = [];
  // Stable: equal priorities keep the order found (larger blocks first).
  for (const { pass } of candidates.map((c, i) => ({ ...c, i })).sort((a, b) => b.priority - a.priority || a.i - b.i)) {
    if (chosen.length >= budget) break;
    if (boxArea(pass.box) >= NEAR_WHOLE) continue;
    if (chosen.some((c) => overlap(c.box, pass.box) >= SAME_REGION)) continue;
    chosen.push(pass);
  }
  return chosen;
}

/**
 * Squares along the longer side of a region whose aspect is `aspect` (pixels), overlapping evenly, as many as it
 * takes to cover it; with fewer allowed, the tiles widen to still cover it all.
 */
export function squareTiles(box: Box, aspect: number, max: number): Box[] {
  const long = Math.max(aspect, 1 / aspect);
  const count = Math.max(1, Math.min(max, Math.ceil(long)));
  const wide = aspect >= 1;
  const side = Math.max(1 / long, 1 / count); // of the region's long side
  const step = count > 1 ? (1 - side) / (count - 1) : 0;
  return Array.from({ length: count }, (_, i) =>
    wide
      ? { x: box.x + box.width * i * step, y: box.y, width: box.width * side, height: box.height }
      : { x: box.x, y: box.y + box.height * i * step, width: box.width, height: box.height * side },
  );
}

/** Below this the region looks safe and a turn will not change that; above it, it already speaks for itself. */
export const DOUBTFUL_BAND = Object.freeze({ low: 0.15, high: 0.75 });

/**
 * The turns worth trying on the region that scored worst so far, when its sexual signal (sexy + porn + hentai) is
 * in the doubtful band: nsfwjs halves its score on a suggestive photo turned a quarter or upside down.
 */
export function planTurns(worst: { box: Box; signal: number }, budget: number): PlannedPass[] {
  if (budget <= 0 || worst.signal < DOUBTFUL_BAND.low || worst.signal > DOUBTFUL_BAND.high) return [];
  return ([2, 1, 3] as const).slice(0, budget).map((turn) => ({ box: worst.box, turn, reason: 'turn' }));
}

function aspectOf(box: Box, layout: Layout): number {
  return (box.width * layout.width) / (box.height * layout.height);
}
