import type { DetectedObject } from '../../verdict/types.js';
import { COCO_LABELS } from './labels.js';

/** One row of CenterNet's `tower_0/detections` output: corners in input pixels, score, class index. */
export type RawDetection = readonly [x1: number, y1: number, x2: number, y2: number, score: number, classIndex: number];

export interface ObjectSelection {
  /** Detections below this score (0-1) are dropped. */
  minConfidence: number;
  /** At most this many distinct labels are kept (the best-scored ones), with every detection of each. */
  maxLabels: number;
}

/** Overlap (intersection over union) above which a weaker box of the same class is the same object seen twice. */
const SAME_OBJECT_IOU = 0.4;

/**
 * Overlap above which a weaker box of another class is a second guess at the same object: CenterNet gives a phone
 * as "cell phone" 0.51 and "remote" 0.40 on one box. A rider and their motorcycle overlap far less.
 */
const SAME_BOX_IOU = 0.7;

/**
 * From CenterNet's 100 raw rows to the objects in the verdict: rows under `minConfidence` or with an unknown class
 * dropped, duplicates removed per class (non-maximum suppression, so a person on a motorcycle keeps both boxes)
 * and second guesses under another name on almost the same box, boxes made relative to the input square (the image
 * was squashed into it, so that is relative to the image) and clipped, then cut to the `maxLabels` best labels.
 * Best score first. Pure.
 */
export function selectObjects(rows: readonly RawDetection[], inputSize: number, selection: ObjectSelection): DetectedObject[] {
  const candidates = rows
    .filter(([, , , , score, classIndex]) => score >= selection.minConfidence && COCO_LABELS[classIndex] !== undefined)
    .map(([x1, y1, x2, y2, score, classIndex]) => ({
      label: COCO_LABELS[classIndex]!,
      score: round(score, 3),
      box: relativeBox(x1, y1, x2, y2, inputSize),
    }))
    .filter((object) => object.box.width > 0 && object.box.height > 0)
    .sort((a, b) => b.score - a.score);
  const kept: DetectedObject[] = [];
  for (const candidate of candidates) {
    const duplicate = kept.some((other) => {
      const overlap = iou(other.box, candidate.box);
      return overlap > SAME_BOX_IOU || (other.label === candidate.label && overlap > SAME_OBJECT_IOU);
    });
    if (!duplicate) {
      kept.push(candidate);
    }
  }
  const labels = [...new Set(kept.map((object) => object.label))].slice(0, selection.maxLabels);
  return kept.filter((object) => labels.includes(object.label));
}

/** COCO classes with a face that face detectors can take for a person's (a toy bear's included). */
const ANIMALS: ReadonlySet<string> = new Set([
  'bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe', 'teddy bear',
]);

/** An animal this sure counts; the same bar as the default `minConfidence`, whatever the page chose to list. */
const ANIMAL_AT_LEAST = 0.3;

/**
 * A person this faint still counts: a face is only ever doubted where the detector sees no person at all. On the
 * face-api demo photos every person scored 0.43 or more; a dog's head in a studio shot had no person row above 0.1.
 */
const PERSON_AT_LEAST = 0.1;

/** Where the detector sees animals and (even faint) people: what the face analyzer's findings are checked against. */
export interface FaceContext {
  animals: DetectedObject['box'][];
  people: DetectedObject['box'][];
}

/** The animal and person boxes among CenterNet's raw rows (see `dropAnimalFaces`). Pure. */
export function faceContext(rows: readonly RawDetection[], inputSize: number): FaceContext {
  const boxes = (keep: (label: string, score: number) => boolean) =>
    rows
      .filter(([, , , , score, classIndex]) => {
        const label = COCO_LABELS[classIndex];
        return label !== undefined && keep(label, score);
      })
      .map(([x1, y1, x2, y2]) => relativeBox(x1, y1, x2, y2, inputSize));
  return {
    animals: boxes((label, score) => ANIMALS.has(label) && score >= ANIMAL_AT_LEAST),
    people: boxes((label, score) => label === 'person' && score >= PERSON_AT_LEAST),
  };
}

/**
 * A person this sure is one NSFW takes a second look at, when small in the frame: the default `minConfidence`, whatever
 * the page chose to list (people in the demo photos scored 0.43-0.67).
 */
const PERSON_SURE = 0.3;

/** What the object analyzer tells later analyzers: the face analyzer's context, and the people it is sure of. */
export interface ObjectsContext extends FaceContext {
  /** Person boxes at PERSON_SURE or more, duplicates removed, best first (0-1 of the image). */
  persons: DetectedObject['box'][];
}

/** The context of CenterNet's raw rows for later analyzers. Pure. */
export function objectsContext(rows: readonly RawDetection[], inputSize: number): ObjectsContext {
  const personRows = rows.filter(([, , , , , classIndex]) => COCO_LABELS[classIndex] === 'person');
  const persons = selectObjects(personRows, inputSize, { minConfidence: PERSON_SURE, maxLabels: 1 }).map((object) => object.box);
  return { ...faceContext(rows, inputSize), persons };
}

function relativeBox(x1: number, y1: number, x2: number, y2: number, size: number): DetectedObject['box'] {
  const left = clamp01(Math.min(x1, x2) / size);
  const top = clamp01(Math.min(y1, y2) / size);
  const right = clamp01(Math.max(x1, x2) / size);
  const bottom = clamp01(Math.max(y1, y2) / size);
  return { x: round(left, 4), y: round(top, 4), width: round(right - left, 4), height: round(bottom - top, 4) };
}

function iou(a: DetectedObject['box'], b: DetectedObject['box']): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const overlap = width * height;
  return overlap / (a.width * a.height + b.width * b.height - overlap);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
