import { describe, expect, it } from 'vitest';
import { resolveObjectsOptions } from '../../src/analyzers/objects/options.js';
import { faceContext, selectObjects, type RawDetection } from '../../src/analyzers/objects/select.js';
import { dropAnimalFaces } from '../../src/analyzers/faces/animals.js';
import type { FaceItem, FacesEvidence } from '../../src/verdict/types.js';
import { ImageGuardError } from '../../src/errors.js';

// From CenterNet's raw rows to the objects in the verdict, and the options that steer it. No model: the rows are
// written as the graph's `tower_0/detections` gives them (corners in 512 px input pixels, score, class index).

const PERSON = 0;
const MOTORCYCLE = 3;
const CAT = 15;
const DOG = 16;
const CUP = 41;
const all = { minConfidence: 0, maxLabels: 80 };

describe('selectObjects', () => {
  it('names the class, makes the box relative and keeps the best first', () => {
    const rows: RawDetection[] = [
      [0, 0, 256, 512, 0.4, PERSON],
      [128, 64, 384, 320, 0.9, CAT],
    ];
    expect(selectObjects(rows, 512, all)).toEqual([
      { label: 'cat', score: 0.9, box: { x: 0.25, y: 0.125, width: 0.5, height: 0.5 } },
      { label: 'person', score: 0.4, box: { x: 0, y: 0, width: 0.5, height: 1 } },
    ]);
  });

  it('removes a weaker box of the same object, but keeps a rider on a motorcycle', () => {
    const rider: RawDetection = [100, 50, 300, 400, 0.8, PERSON];
    const sameRider: RawDetection = [110, 60, 310, 410, 0.5, PERSON];
    const motorcycle: RawDetection = [90, 200, 320, 480, 0.7, MOTORCYCLE];
    const labels = selectObjects([rider, sameRider, motorcycle], 512, all).map((object) => object.label);
    expect(labels).toEqual(['person', 'motorcycle']);
  });

  it('keeps one name for one box: a phone is not also a remote', () => {
    const rows: RawDetection[] = [
      [17, 468, 82, 504, 0.51, 67],
      [17, 468, 82, 504, 0.4, 65],
    ];
    expect(selectObjects(rows, 512, all).map((object) => object.label)).toEqual(['cell phone']);
  });

  it('drops rows under minConfidence, unknown classes and empty or reversed boxes, and clips to the image', () => {
    const rows: RawDetection[] = [
      [0, 0, 100, 100, 0.29, CAT],
      [0, 0, 100, 100, 0.9, 80],
      [0, 0, 100, 100, 0.9, Number.NaN],
      [50, 50, 50, 90, 0.9, PERSON],
      [-20, 400, 600, 700, 0.6, MOTORCYCLE],
    ];
    expect(selectObjects(rows, 512, { minConfidence: 0.3, maxLabels: 10 })).toEqual([
      { label: 'motorcycle', score: 0.6, box: { x: 0, y: 0.7813, width: 1, height: 0.2188 } },
    ]);
  });

  it('keeps the maxLabels best labels with every object of each', () => {
    const rows: RawDetection[] = [
      [0, 0, 50, 50, 0.9, PERSON],
      [300, 300, 350, 350, 0.5, PERSON],
      [100, 100, 200, 200, 0.8, CAT],
      [400, 0, 500, 100, 0.7, MOTORCYCLE],
    ];
    const kept = selectObjects(rows, 512, { minConfidence: 0, maxLabels: 2 });
    expect(kept.map((object) => object.label)).toEqual(['person', 'cat', 'person']);
  });
});

describe('faceContext and dropAnimalFaces', () => {
  const face = (x: number, y: number): FaceItem => ({
    box: { x, y, width: 0.1, height: 0.1 },
    score: 0.8,
    age: 45,
    ageRange: [37, 53],
    gender: 'male',
    genderProbability: 0.8,
  });
  const faces = (...items: FaceItem[]): FacesEvidence => ({ count: items.length, items, model: 'face-api' });
  // A dog filling the lower right of the picture; a person on the left.
  const dog: RawDetection = [200, 200, 512, 512, 0.45, DOG];

  it('finds animals from 0.3 and people from 0.1, ignoring other classes', () => {
    const context = faceContext([dog, [0, 0, 100, 512, 0.12, PERSON], [0, 0, 50, 50, 0.9, CUP], [0, 0, 512, 512, 0.2, CAT]], 512);
    expect(context.animals).toHaveLength(1);
    expect(context.people).toEqual([{ x: 0, y: 0, width: 0.1953, height: 1 }]);
  });

  it("drops a face on an animal when no person is there: the dog's head is not a man", () => {
    const onDog = face(0.6, 0.5);
    const elsewhere = face(0.05, 0.05);
    const result = dropAnimalFaces(faces(onDog, elsewhere), faceContext([dog], 512));
    expect(result.items).toEqual([elsewhere]);
    expect(result.count).toBe(1);
  });

  it('keeps the face of a person holding a pet, even when the person is seen only faintly', () => {
    const holding: RawDetection = [180, 100, 512, 512, 0.11, PERSON];
    const kept = faces(face(0.6, 0.5));
    expect(dropAnimalFaces(kept, faceContext([dog, holding], 512))).toBe(kept);
  });

  it('keeps a face the detectors are sure of (0.85 or more) even where an animal and no person is seen', () => {
    const sure = faces({ ...face(0.6, 0.5), score: 0.92 });
    expect(dropAnimalFaces(sure, faceContext([dog], 512))).toBe(sure);
  });

  it('keeps every face when no animal is seen, or the animal is too faint to count', () => {
    const kept = faces(face(0.6, 0.5));
    expect(dropAnimalFaces(kept, faceContext([], 512))).toBe(kept);
    expect(dropAnimalFaces(kept, faceContext([[200, 200, 512, 512, 0.25, DOG]], 512))).toBe(kept);
  });
});

describe('resolveObjectsOptions', () => {
  it('is on with imagerecognize-like defaults; false switches it off', () => {
    expect(resolveObjectsOptions(undefined)).toEqual({ minConfidence: 0.3, maxLabels: 10 });
    expect(resolveObjectsOptions(true)).toEqual({ minConfidence: 0.3, maxLabels: 10 });
    expect(resolveObjectsOptions(false)).toBeNull();
    expect(resolveObjectsOptions({ maxLabels: 3 })).toEqual({ minConfidence: 0.3, maxLabels: 3 });
  });

  it.each([
    [{ minConfidence: 1.5 }, 'analyzers.objects.minConfidence must be a number from 0 to 1, got 1.5'],
    [{ minConfidence: Number.NaN }, 'analyzers.objects.minConfidence must be a number from 0 to 1, got NaN'],
    [{ maxLabels: 0 }, 'analyzers.objects.maxLabels must be a whole number from 1 to 80, got 0'],
    [{ maxLabels: 2.5 }, 'analyzers.objects.maxLabels must be a whole number from 1 to 80, got 2.5'],
  ])('refuses %j with the path in the message', (option, message) => {
    let caught: unknown;
    try {
      resolveObjectsOptions(option);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImageGuardError);
    expect((caught as ImageGuardError).code).toBe('invalid_options');
    expect((caught as ImageGuardError).message).toBe(message);
  });
});
