/**
 * NSFW that looks where the content is. nsfwjs squashes the whole picture into 224×224, so a border, a strip, a
 * small copy in a canvas, a collage cell or a phone screenshot shrinks a suggestive photo to a corner of its input
 * and its sexual signal to almost nothing; a turn halves it. After the whole-frame pass, the layout step
 * (src/layout/) says where the pictures are, and the planner which regions are worth a pass within `maxPasses`.
 * Then a second look (`lookAgain`, once the object and face analyzers have run, at once when they are off) takes the
 * people they found small in the frame and the turns of a doubtful look, with the passes left: people first when
 * they lie together in a small part of the frame (a photo pasted into a scene, which the whole frame missed: turns of
 * the whole spent the budget before its people), turns first otherwise. The worst look decides, and says which
 * region it was.
 *
 * Calibration: a crop of an ordinary photo can score higher than the whole (a close-up face gets porn 0.15-0.3), so
 * a region's scores count only when its sexual signal (sexy + porn + hentai) reaches REGION_MIN_SIGNAL and it is
 * worse than the whole frame (a turned look: TURN_MIN_SIGNAL). Below that, the whole frame's scores stand, unchanged;
 * and regions are only looked at when the whole frame's own signal is under that bar (docs/POLICY.md).
 */
import { layoutSize, readLayout } from '../../layout/index.js';
import { boxToRect, roundBox, WHOLE, type Box } from '../../layout/box.js';
import { peopleGathered, planPersonPasses, planRegionPasses, planTurns, type PassReason, type PlannedPass, type Turn } from '../../layout/plan.js';
import { halvePixels, turnPixels, type Frame, type RgbaImage } from '../../input/pixels.js';
import type { NsfwClass } from '../../verdict/types.js';

export type NsfwScores = Record<NsfwClass, number>;

/** A region's scores count only from here up: no preset reviews a suggestive score below 0.5. */
export const REGION_MIN_SIGNAL = 0.5;
/**
 * A turned look counts only from here up: photos are upright far more often than not, and nsfwjs scores an
 * ordinary photo turned a quarter "sexy" 0.5-0.77 at times (demo photo 1: 0.06 upright), so a turn must show more.
 */
export const TURN_MIN_SIGNAL = 0.6;

/**
 * Turns are tried by default (bench/evasion.mjs, 44 turned and upright pictures of 11 sources): turned party
 * photos the whole frame scores 0.22-0.49 come back to 0.82-0.90 (4 of 15), and no ordinary picture, upright or
 * turned, is raised. They cost passes only when no look counted and the likeliest look is doubtful.
 */
export const DEFAULT_TURNS = true;

/**
 * Passes per frame, the whole-frame pass included, when the option does not say: 4 keeps an edited image within
 * 4 times the cost of the single pass, and covers a border, a screenshot or the likeliest cells of a collage.
 */
export const DEFAULT_MAX_PASSES = 4;

export interface NsfwRegion {
  /** 0-1 of the displayed image. */
  box: Box;
  /** Clockwise quarter turns the region was given before it was classified (it looked turned by the opposite). */
  turn: Turn;
  reason: PassReason;
}

export interface RegionScan {
  scores: NsfwScores;
  /** The region that decided; absent when the whole frame did. */
  region?: NsfwRegion;
  /** Model passes run on this frame, the whole-frame pass included. */
  passes: number;
}

/** The most sexual upright look of the first scan (counted or not): what the second look's turns are tried on. */
export interface Likeliest {
  box: Box;
  signal: number;
}

export interface ScanOptions {
  inputSize: number;
  /** Passes at most, the whole-frame pass included (1: the whole frame only). */
  maxPasses: number;
}

export interface LookAgainOptions extends ScanOptions {
  /** Also try turns of a doubtful look (DEFAULT_TURNS; docs/POLICY.md). */
  turns: boolean;
}

/** Where other analyzers saw people in the frame (0-1 of the displayed image): the second look's reasons. */
export interface People {
  /** The object detector's person boxes. */
  persons: readonly Box[];
  faces: readonly Box[];
}

/**
 * Whether a look's scores may replace the whole frame's. A turned look counts only for what a turn restores: the
 * suggestive class, which nsfwjs loses on a turned photo (its explicit classes it rather gains: a turned party photo
 * scores porn or hentai 0.5-0.9 on the whole). Turned the other way, an upright photo reads as explicit at times
 * (demo photo 6, sexy 0.49 upright: porn + hentai above 0.8), and that may not count.
 */
function counts(turn: Turn, scores: NsfwScores): boolean {
  return turn === 0 ? sexualSignal(scores) >= REGION_MIN_SIGNAL : scores.sexy >= TURN_MIN_SIGNAL;
}

/** Sexy + porn + hentai: the signal a region must carry to count. */
export const sexualSignal = (scores: NsfwScores): number => scores.sexy + scores.porn + scores.hentai;

/** Explicit weighs double against suggestive (as for frames, runtime/pipeline.ts). */
export const severity = (scores: NsfwScores): number => (scores.porn + scores.hentai) * 2 + scores.sexy;

/**
 * The first look at one frame: the whole, then the regions its layout gives a reason for. `wholePixels`: the whole
 * frame at the model's input, as the pipeline resized it. Also returns the likeliest look, for the second look's turns.
 */
export async function scanFrame(
  frame: Frame,
  wholePixels: RgbaImage,
  classify: (pixels: RgbaImage) => Promise<NsfwScores>,
  options: ScanOptions,
): Promise<{ scan: RegionScan; likeliest: Likeliest }> {
  const size = options.inputSize;
  const whole = await classify(wholePixels);
  let likeliest: Likeliest = { box: WHOLE, signal: sexualSignal(whole) };
  // Regions find what the whole frame missed. Where it already sees sexual content, its scores stand: a crop of a
  // suggestive photo shifts sexy towards porn (crops of the party photos: porn 0.4-0.76, the whole: 0.01-0.09).
  if (options.maxPasses <= 1 || likeliest.signal >= REGION_MIN_SIGNAL) return { scan: { scores: whole, passes: 1 }, likeliest };

  // Nearest at twice the layout size, then 2×2 averages: noise and JPEG grain average out as with a smoothed
  // resize, at the cost of a lookup (Node's smoothed resize is mipmaps in TypeScript).
  const small = layoutSize(frame.width, frame.height);
  const sampled = await frame.resize(small.width * 2, small.height * 2, 'nearest');
  const layout = readLayout(halvePixels(sampled), frame.width, frame.height);
  let worst: { scores: NsfwScores; region?: NsfwRegion } = { scores: whole };
  const plan = planRegionPasses(layout, options.maxPasses - 1);
  for (const pass of plan) {
    const scores = await lookAt(frame, pass, classify, size);
    const signal = sexualSignal(scores);
    if (signal > likeliest.signal) likeliest = { box: pass.box, signal };
    if (counts(0, scores) && severity(scores) > severity(worst.scores)) worst = { scores, region: regionOf(pass) };
  }
  return { scan: { ...worst, passes: 1 + plan.length }, likeliest };
}

/**
 * The second look at the decisive frame, with the passes the first look left of `maxPasses`: the people the object
 * and face analyzers found small in it (layout/plan.ts, planPersonPasses; none when they are off) and, when no look
 * has counted yet and the likeliest one is doubtful, its turns; people first where they lie together in a small part
 * of the frame (peopleGathered), turns first otherwise. A person's look counts as a region's does
 * (REGION_MIN_SIGNAL, and worse than what decided so far), a turn as `counts` says. Null when there is nothing to look
 * at, or the whole frame's own scores already stand.
 */
export async function lookAgain(
  frame: Frame,
  first: RegionScan,
  likeliest: Likeliest,
  people: People,
  classify: (pixels: RgbaImage) => Promise<NsfwScores>,
  options: LookAgainOptions,
): Promise<RegionScan | null> {
  if (!first.region && sexualSignal(first.scores) >= REGION_MIN_SIGNAL) return null;
  let passes = first.passes;
  let worst: { scores: NsfwScores; region?: NsfwRegion } = first;
  const look = async (pass: PlannedPass) => {
    const scores = await lookAt(frame, pass, classify, options.inputSize);
    passes++;
    if (counts(pass.turn, scores) && severity(scores) > severity(worst.scores)) worst = { scores, region: regionOf(pass) };
  };
  const atPeople = async () => {
    for (const pass of planPersonPasses(people.persons, people.faces, frame.width / frame.height, options.maxPasses - passes)) await look(pass);
  };
  // Turns of the first look's likeliest, not of a person's: the detectors find upright people, so a turned upload
  // has no person box to turn.
  const turned = async () => {
    if (options.turns && !worst.region) for (const pass of planTurns(likeliest, options.maxPasses - passes)) await look(pass);
  };
  for (const step of peopleGathered(people.persons, people.faces) ? [atPeople, turned] : [turned, atPeople]) await step();
  if (passes === first.passes) return null;
  return { scores: worst.scores, ...(worst.region ? { region: worst.region } : {}), passes };
}

/** The region cut from the frame exactly, resized as the whole frame is, turned, and classified. */
async function lookAt(frame: Frame, pass: PlannedPass, classify: (pixels: RgbaImage) => Promise<NsfwScores>, size: number): Promise<NsfwScores> {
  const rect = boxToRect(pass.box, frame.width, frame.height);
  const pixels = await frame.resize(size, size, 'nearest', 'white', { x: rect.x0, y: rect.y0, width: rect.x1 - rect.x0, height: rect.y1 - rect.y0 });
  return classify(turnPixels(pixels, pass.turn));
}

const regionOf = (pass: PlannedPass): NsfwRegion => ({ box: roundBox(pass.box), turn: pass.turn, reason: pass.reason });
