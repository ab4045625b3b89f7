/** A box relative to the image, 0-1. */
export interface RelativeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Detector = 'ssd' | 'blazeface';

/** One detection from one pass of one detector, in coordinates relative to the original image. */
export interface Detection {
  detector: Detector;
  score: number;
  box: RelativeBox;
}

/** Candidates from every pass, grouped when they overlap; the best score each detector gave the group. */
export interface FaceCandidate {
  box: RelativeBox;
  scores: Record<Detector, number>;
}

/**
 * When two detections are the same face. Low on purpose: SSD's boxes run brows to chin and BlazeFace's are a square
 * around eyes and mouth, so the same face overlaps by 0.4-0.7 between them.
 */
const SAME_FACE_IOU = 0.3;

/**
 * A candidate is kept only when both detectors see it: each has a blind spot the other lacks. Measured on the face
 * set (bench/faces.mjs): SSD scores a cat's head 0.79 and BlazeFace 0.51; the mandrill 0.59 and 0.65; a dog 0.56 and
 * 0.51; the faces of the set's scenes had both at 0.25 or more and one at 0.6 or more, where both could see them
 * (at 0.7 the set's thumbnails lose a face each). Where BlazeFace cannot (a face under
 * `blazeBlindBelowPx` at its 256 px input: the small faces of a group photo), SSD decides alone at its own default.
 */
export const ACCEPT = { bothAtLeast: 0.25, oneAtLeast: 0.6, ssdAloneAtLeast: 0.5, blazeBlindBelowPx: 20 } as const;

/** Groups overlapping detections, strongest first: one candidate per face. */
export function groupDetections(detections: readonly Detection[]): FaceCandidate[] {
  const candidates: (FaceCandidate & { anchor: Detection })[] = [];
  for (const detection of [...detections].sort((a, b) => b.score - a.score)) {
    const same = candidates.find((candidate) => iou(candidate.anchor.box, detection.box) > SAME_FACE_IOU);
    if (!same) {
      candidates.push({ anchor: detection, box: detection.box, scores: { ssd: 0, blazeface: 0, [detection.detector]: detection.score } });
      continue;
    }
    if (detection.score > same.scores[detection.detector]) {
      same.scores[detection.detector] = detection.score;
      // SSD's box is the one to keep: brows to chin, as the age model was trained on.
      if (detection.detector === 'ssd' && same.anchor.detector !== 'ssd') same.box = detection.box;
    }
  }
  return candidates.map(({ box, scores }) => ({ box, scores }));
}

/** Whether a candidate is a face. `sideAtBlazeInput`: the box's longer side in pixels at BlazeFace's input. */
export function isFace({ scores }: FaceCandidate, sideAtBlazeInput: number): boolean {
  if (sideAtBlazeInput < ACCEPT.blazeBlindBelowPx) return scores.ssd >= ACCEPT.ssdAloneAtLeast;
  return (
    Math.min(scores.ssd, scores.blazeface) >= ACCEPT.bothAtLeast &&
    Math.max(scores.ssd, scores.blazeface) >= ACCEPT.oneAtLeast
  );
}

/**
 * A face that fills a portrait crop: BlazeFace sees it at least this sure and its box spans at least this share of
 * the picture's shorter side. SSD misses most of these (on the face set's crops it scored under 0.25 on 48 of 234,
 * even framed in grey), so BlazeFace decides alone, and a drawing test (drawn.ts) replaces SSD's veto. Measured on
 * the face set: real crops had BlazeFace at 0.54-0.94 (5 of 337 under 0.55); a cat's head 0.51, a dog 0.51.
 */
export const PORTRAIT = { blazeAtLeast: 0.55, shareAtLeast: 0.3 } as const;

/**
 * Whether a candidate is a face filling the picture (`width`×`height` px) as BlazeFace sees it, at least
 * `blazeAtLeast` sure. Pure.
 */
export function fillsPicture({ scores, box }: FaceCandidate, width: number, height: number, blazeAtLeast: number = PORTRAIT.blazeAtLeast): boolean {
  const side = Math.max(box.width * width, box.height * height);
  return scores.blazeface >= blazeAtLeast && side >= PORTRAIT.shareAtLeast * Math.min(width, height);
}

/**
 * The second look at a picture where the first found no face: BlazeFace on the picture centred on a grey square
 * twice its side. On the face set's 337 portrait crops the first look missed 5 (Human's face-match grid cells, three
 * of them 64 px at JPEG quality 40: BlazeFace 0.30-0.54); zoomed out it scored them 0.53-0.85. It also scored the
 * cat-head crops 0.64-0.67, which the object detector sees as a cat (0.60-0.65), so this look runs only with the
 * objects' context and a face on an animal's box is dropped, person or not (animals.ts `onAnimal`); drawn faces are
 * dropped as in the first look. Measured with `node bench/faces-alone.mjs` (every pass's raw scores), and in the
 * library with `node bench/faces.mjs` (2026-12-02, objects on: crops found 336 of 337, the 5 found and one lost to the animal veto; no new false face).
 */
export const ZOOMED_OUT = { times: 2, blazeAtLeast: 0.5 } as const;

/**
 * Drops a face mostly inside a stronger one (half of the smaller box or more): BlazeFace sometimes gives one face a
 * second, offset box (a crop's eyes and brow, 0.55-0.65) that overlaps the first too little for `groupDetections`.
 * `faces` strongest first. Pure.
 */
export function dropNested<T extends { box: RelativeBox }>(faces: readonly T[]): T[] {
  const kept: T[] = [];
  for (const face of faces) {
    if (!kept.some((stronger) => overlapOfSmaller(stronger.box, face.box) >= 0.5)) kept.push(face);
  }
  return kept;
}

function overlapOfSmaller(a: RelativeBox, b: RelativeBox): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  return (width * height) / Math.min(a.width * a.height, b.width * b.height);
}

/** Intersection over union of two boxes. */
export function iou(a: RelativeBox, b: RelativeBox): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}

/** The part of a box inside the image. */
export function clipBox(box: RelativeBox): RelativeBox {
  const x = Math.min(1, Math.max(0, box.x));
  const y = Math.min(1, Math.max(0, box.y));
  return {
    x,
    y,
    width: Math.max(0, Math.min(1, box.x + box.width) - x),
    height: Math.max(0, Math.min(1, box.y + box.height) - y),
  };
}
