/**
 * Which extra looks an image is worth, beyond the one at the whole frame, and in what order, within a budget. Each
 * reason is something the layout or another analyzer saw: a border or canvas around the picture, a collage of
 * several, a strip too long to squash into a square, people who are small in the frame, and, once the regions are
 * scored, a doubtful score that a quarter turn may settle. An ordinary photo gives none, and costs one pass.
 */
import { boxArea, centre, clip, contains, grow, overlap, type Box } from './box.js';
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
/** A person (or a face's body) smaller than this share of the frame is small enough to be lost in the whole-frame pass. */
const SMALL_PERSON_AREA = 0.2;
/** Margin around a person box: the model was trained on pictures of people, not tight boxes. */
const PERSON_MARGIN = 0.15;
/** Two regions overlapping this much (IoU) are one look. */
const SAME_REGION = 0.8;
/** The whole frame is already looked at: a region covering this share of it adds nothing. */
const NEAR_WHOLE = 0.9;

/** The region passes for an image's layout, most telling first, at most `budget`. */
export function planRegionPasses(layout: Layout, budget: number): PlannedPass[] {
  const candidates: { pass: PlannedPass; priority: number }[] = [];
  const add = (box: Box, reason: PassReason, priority: number) => candidates.push({ pass: { box, turn: 0, reason }, priority });
  // Several pictures (a collage, a strip of photos): each is a look; one picture less than the frame: that one.
  const main: LayoutBlock = layout.blocks[0] ?? { box: layout.content, skin: 0, aspect: aspectOf(layout.content, layout), tiles: [] };
  const several = layout.blocks.length >= 2;
  for (const block of several ? layout.blocks : [main]) {
    const reason = several ? 'cell' : 'border';
    if (block.tiles.length > 0) for (const tile of block.tiles) add(tile.box, 'aspect', tile.skin);
    else if (several || boxArea(block.box) < FRAMED_AREA) add(block.box, reason, block.skin);
  }
  // Several pictures inside a border: the content may be one photo that a straight edge or a dark band of its own
  // cut apart (party photos 5 and 6 in a border, bench/evasion.mjs), so the content is looked at first (skin shares,
  // which order the blocks, are at most 1).
  if (several && boxArea(layout.content) < FRAMED_AREA) add(layout.content, 'border', 2);
  // Stable: equal priorities keep the order found (larger blocks first).
  const ordered = candidates.map((c, i) => ({ ...c, i })).sort((a, b) => b.priority - a.priority || a.i - b.i);
  return distinct(ordered.map((candidate) => candidate.pass), budget);
}

/** People together (several small ones) smaller than this share of the frame get a look as a group first. */
const SMALL_GROUP_AREA = 0.5;
/**
 * A face where no person box is stands for the upper body around it (face-api and BlazeFace find faces the object
 * detector misses, and it may be off): this many face widths either side, face heights above and below.
 */
const FACE_BODY = Object.freeze({ side: 1.5, above: 0.6, below: 4 });
/** A person's look is widened to at least this width over height (pixels): a standing person squashed is a sliver. */
const MIN_PERSON_ASPECT = 0.5;

/**
 * The second look's passes: at the people another analyzer found (`persons`: the object detector's person boxes;
 * `faces`: face boxes, each standing for the body around it where no person box holds it), when they are small in
 * the frame (SMALL_PERSON_AREA), so the whole-frame pass barely saw them. Several small people are first looked at
 * together (a photo of a group pasted into a larger scene), then each, larger first. `aspect` is the frame's width
 * over height in pixels. Pure.
 */
export function planPersonPasses(persons: readonly Box[], faces: readonly Box[], aspect: number, budget: number): PlannedPass[] {
  const small = bodiesOf(persons, faces).filter((body) => boxArea(body) < SMALL_PERSON_AREA).sort((a, b) => boxArea(b) - boxArea(a));
  const boxes: Box[] = [];
  if (small.length >= 2) {
    const group = grow(union(small), PERSON_MARGIN);
    if (boxArea(group) < SMALL_GROUP_AREA) boxes.push(group);
  }
  for (const body of small) boxes.push(widen(grow(body, PERSON_MARGIN), aspect));
  return distinct(boxes.map((box) => ({ box, turn: 0, reason: 'person' })), budget);
}

/**
 * Whether the people found (as planPersonPasses counts them) all lie together in less than SMALL_GROUP_AREA of the
 * frame: a photo pasted small into another, which the whole frame missed, so their looks come before turns of it.
 * People spread over the frame (every unedited demo photo: 0.77-0.94 of it) were seen by the whole frame, and a
 * close look at one of them reads more suggestive than the photo (demo photo 6: sexy 0.46 whole, 0.97 its middle
 * person), so there turns keep the passes first, as they did before people were looked at.
 */
export function peopleGathered(persons: readonly Box[], faces: readonly Box[]): boolean {
  const bodies = bodiesOf(persons, faces);
  return bodies.length > 0 && boxArea(union(bodies)) < SMALL_GROUP_AREA;
}

/** The person boxes, and the body around each face that no person box holds. */
function bodiesOf(persons: readonly Box[], faces: readonly Box[]): Box[] {
  return [...persons, ...faces.filter((face) => !persons.some((person) => contains(person, centre(face)))).map(bodyAround)];
}

/** In order, at most `budget`, leaving out a region the whole frame or an earlier region already covers. */
function distinct(passes: readonly PlannedPass[], budget: number): PlannedPass[] {
  const chosen: PlannedPass[] = [];
  for (const pass of passes) {
    if (chosen.length >= budget) break;
    if (boxArea(pass.box) >= NEAR_WHOLE) continue;
    if (chosen.some((c) => overlap(c.box, pass.box) >= SAME_REGION)) continue;
    chosen.push(pass);
  }
  return chosen;
}

function bodyAround(face: Box): Box {
  return clip({
    x: face.x - face.width * FACE_BODY.side,
    y: face.y - face.height * FACE_BODY.above,
    width: face.width * (1 + 2 * FACE_BODY.side),
    height: face.height * (1 + FACE_BODY.above + FACE_BODY.below),
  });
}

function union(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((box) => box.x));
  const y0 = Math.min(...boxes.map((box) => box.y));
  const x1 = Math.max(...boxes.map((box) => box.x + box.width));
  const y1 = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Widened about its centre to MIN_PERSON_ASPECT (pixels of a frame `aspect` wide over high), kept in the image. */
function widen(box: Box, aspect: number): Box {
  const width = Math.max(box.width, (box.height * MIN_PERSON_ASPECT) / aspect);
  return clip({ x: box.x + box.width / 2 - width / 2, y: box.y, width, height: box.height });
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
