/** A box relative to the image, 0-1. */
export interface RelativeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Detector = 'ssd' | 'tiny';

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
 * When two detections are the same face. Low on purpose: SSD boxes are tight (brows to chin) and the tiny detector's
 * are loose (forehead and hair), so the same face overlaps by 0.4-0.6 between them.
 */
const SAME_FACE_IOU = 0.3;

/**
 * Every detector candidate is kept only when both detectors see it: each one has a blind spot the other lacks.
 * Measured on cat, mandrill and cartoon faces: SSD gave a cat's head 0.69 and the tiny detector 0.14; the tiny
 * detector gave a drawn cartoon face 0.84 and SSD 0.21, a mandrill 0.61 and SSD nothing. Real faces in the same runs
 * (22 faces of the face-api demo photos, whole and in crops) had both detectors at 0.25 or more and one at 0.6 or more.
 */
export const ACCEPT = { bothAtLeast: 0.25, oneAtLeast: 0.6, ssdAloneAtLeast: 0.5, tinyBlindBelowPx: 48 } as const;

/** Groups overlapping detections, strongest first: one candidate per face. */
export function groupDetections(detections: readonly Detection[]): FaceCandidate[] {
  const candidates: (FaceCandidate & { anchor: Detection })[] = [];
  for (const detection of [...detections].sort((a, b) => b.score - a.score)) {
    const same = candidates.find((candidate) => iou(candidate.anchor.box, detection.box) > SAME_FACE_IOU);
    if (!same) {
      candidates.push({ anchor: detection, box: detection.box, scores: { ssd: 0, tiny: 0, [detection.detector]: detection.score } });
      continue;
    }
    if (detection.score > same.scores[detection.detector]) {
      same.scores[detection.detector] = detection.score;
      // SSD's box is the one to keep: it is tight around the face, as the age model was trained on.
      if (detection.detector === 'ssd' && same.anchor.detector !== 'ssd') same.box = detection.box;
    }
  }
  return candidates.map(({ box, scores }) => ({ box, scores }));
}

/**
 * Whether a candidate is a face. `sideAtTinyInput` is the face box's longer side in pixels as the tiny detector saw
 * the whole image. Below 48 px (an SSD box, brows to chin) the tiny detector cannot see a face at all: in a crowd
 * of 22 faces whose SSD boxes were 22-41 px at its input it scored none above 0.43. There it gets no vote and SSD
 * decides alone, at SSD's own default threshold. The animals and drawings it vetoes fill much of the picture.
 */
export function isFace({ scores }: FaceCandidate, sideAtTinyInput: number): boolean {
  if (sideAtTinyInput < ACCEPT.tinyBlindBelowPx) return scores.ssd >= ACCEPT.ssdAloneAtLeast;
  return (
    Math.min(scores.ssd, scores.tiny) >= ACCEPT.bothAtLeast && Math.max(scores.ssd, scores.tiny) >= ACCEPT.oneAtLeast
  );
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
