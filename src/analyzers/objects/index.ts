import * as tf from '@tensorflow/tfjs';
import { pixelData, type RgbaImage } from '../../input/pixels.js';
import type { ObjectsEvidence } from '../../verdict/types.js';
import { objectsContext, selectObjects, type ObjectsContext, type ObjectSelection, type RawDetection } from './select.js';

/** CenterNet (MobileNetV3 backbone) takes a 512×512 RGB image, 0-255; the image is squashed to it, as Human does. */
export const OBJECTS_INPUT_SIZE = 512;

/** The graph's post-processed output: 100 rows of [x1, y1, x2, y2, score, class]. */
const DETECTIONS = 'tower_0/detections';

export interface ObjectAnalyzer {
  readonly inputSize: number;
  /**
   * The objects for the verdict, and where animals and people are: to check the face analyzer's findings, and where
   * NSFW looks again.
   */
  analyze(pixels: RgbaImage): Promise<{ evidence: ObjectsEvidence; context: ObjectsContext }>;
  dispose(): void;
}

/**
 * COCO objects (80 classes) with @vladmandic/human's CenterNet, loaded from served files on the worker's one tfjs.
 * The graph does its own peak picking and top-100; we drop weak rows, remove duplicates per class and keep the
 * best labels (select.ts). Warmed up with one zero input, so the first image is not slower than the rest.
 */
export async function createObjectAnalyzer(modelUrl: string, selection: ObjectSelection): Promise<ObjectAnalyzer> {
  const model = await tf.loadGraphModel(modelUrl);
  const run = async (input: tf.Tensor4D): Promise<RawDetection[]> => {
    const output = model.execute(input, DETECTIONS) as tf.Tensor;
    try {
      return ((await output.array()) as unknown as RawDetection[][])[0] ?? [];
    } finally {
      output.dispose();
    }
  };
  const warmUp = tf.zeros<tf.Rank.R4>([1, OBJECTS_INPUT_SIZE, OBJECTS_INPUT_SIZE, 3]);
  try {
    await run(warmUp);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    warmUp.dispose();
  }
  let disposed = false;
  return {
    inputSize: OBJECTS_INPUT_SIZE,
    async analyze(pixels) {
      const input = tf.tidy(() => tf.browser.fromPixels(pixelData(pixels)).toFloat().expandDims<tf.Tensor4D>(0));
      try {
        const rows = await run(input);
        return {
          evidence: { items: selectObjects(rows, OBJECTS_INPUT_SIZE, selection), model: 'human/centernet' },
          context: objectsContext(rows, OBJECTS_INPUT_SIZE),
        };
      } finally {
        input.dispose();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
}
