/**
 * Which extra looks an image is worth, beyond the one at the whole frame, and in what order, within a budget. Each
 * reason is something the layout or another analyzer saw: a border or canvas around the picture, a collage of
 * several, a strip too long to squash into a square, people who are small in the frame, and, once the regions are
 * scored, a doubtful score that a quarter turn may settle. An ordinary photo gives none, and costs one pass.
 */
import { boxArea, grow, overlap, type Box } from './box.js';
import type { Layout, LayoutBlock } from './index.js';

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

  // People first: another model saw them there (skin shares, which order the rest, are at most 1).
  for (const person of people) {
    if (boxArea(person) < SMALL_PERSON_AREA) add(grow(person, PERSON_MARGIN), 'person', 2);
  }
  // Several pictures (a collage, a strip of photos): each is a look; one picture less than the frame: that one.
  const main: LayoutBlock = layout.blocks[0] ?? { box: layout.content, skin: 0, aspect: aspectOf(layout.content, layout), tiles: [] };
  const several = layout.blocks.length >= 2;
  for (const block of several ? layout.blocks : [main]) {
    const reason = several ? 'cell' : 'border';
    if (block.tiles.length > 0) for (const tile of block.tiles) add(tile.box, 'aspect', tile.skin);
    else if (several || boxArea(block.box) < FRAMED_AREA) add(block.box, reason, block.skin);
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
