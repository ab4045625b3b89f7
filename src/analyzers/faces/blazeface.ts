import * as tf from '@tensorflow/tfjs';
import type { RelativeBox } from './fuse.js';

/** BlazeFace (Human's "back" model, 0.5 MB) takes a 256×256 RGB image scaled to -1..1. */
export const BLAZEFACE_INPUT = 256;

/**
 * Where BlazeFace's 896 anchors sit, in input pixels, in the order of its outputs: a 16×16 grid with 2 anchors per
 * cell (stride 16), then an 8×8 grid with 6 (stride 32), as Human's facemeshutil.generateAnchors lays them. Pure.
 */
export function blazeFaceAnchors(inputSize: number): [number, number][] {
  const anchors: [number, number][] = [];
  for (const [stride, perCell] of [
    [inputSize / 16, 2],
    [inputSize / 8, 6],
  ] as const) {
    const cells = Math.floor((inputSize + stride - 1) / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let n = 0; n < perCell; n++) anchors.push([stride * (x + 0.5), stride * (y + 0.5)]);
      }
    }
  }
  return anchors;
}

export interface BlazeFaceDetection {
  score: number;
  /** Relative to the image passed in. */
  box: RelativeBox;
}

export interface BlazeFace {
  /**
   * Faces scored at least `minScore`, after non-maximum suppression. `zoomOut`: the image is centred on a grey
   * square that many times its longer side (a face filling a small crop then looks like the selfie frames BlazeFace
   * was trained on); without it, the image is padded to its own square.
   */
  detect(image: tf.Tensor3D, minScore: number, zoomOut?: number): Promise<BlazeFaceDetection[]>;
  dispose(): void;
}

/** Overlap above which two BlazeFace boxes are one face (Human's default for this model). */
const NMS_IOU = 0.3;
const MAX_FACES = 50;
/** The grey a zoomed-out look sets the image on: mid-grey, as portrait crops are framed. */
const ZOOM_OUT_GREY = 128;

/**
 * BlazeFace on the worker's one tfjs, as Human runs it (pre- and post-processing follow Human's blazeface.ts), but
 * on a square pad of the image so its aspect is kept: the model was trained on square selfie frames where the face
 * fills much of the picture, which is the case face-api's SSD misses.
 */
export async function loadBlazeFace(modelUrl: string): Promise<BlazeFace> {
  const model = await tf.loadGraphModel(modelUrl);
  const anchors = tf.tensor2d(blazeFaceAnchors(BLAZEFACE_INPUT));
  let disposed = false;
  return {
    async detect(image, minScore, zoomOut) {
      const [height, width] = image.shape;
      const side = Math.round(Math.max(width, height) * (zoomOut ?? 1));
      const top = zoomOut ? Math.floor((side - height) / 2) : 0;
      const left = zoomOut ? Math.floor((side - width) / 2) : 0;
      const { boxes, scores } = tf.tidy(() => {
        const padded = tf.pad(
          image,
          [
            [top, side - height - top],
            [left, side - width - left],
            [0, 0],
          ],
          zoomOut ? ZOOM_OUT_GREY : 0,
        );
        const input = tf.image
          .resizeBilinear(padded.toFloat().expandDims<tf.Tensor4D>(0), [BLAZEFACE_INPUT, BLAZEFACE_INPUT])
          .div(127.5)
          .sub(1);
        const batch = rowsOf(model.execute(input) as tf.Tensor | tf.Tensor[]);
        const centres = batch.slice([0, 1], [-1, 2]).add(anchors);
        const half = batch.slice([0, 3], [-1, 2]).div(2);
        // [y1, x1, y2, x2] for tf's NMS, relative to the padded square.
        const starts = centres.sub(half).div(BLAZEFACE_INPUT);
        const ends = centres.add(half).div(BLAZEFACE_INPUT);
        const corners = tf.concat([starts.reverse(1), ends.reverse(1)], 1) as tf.Tensor2D;
        return { boxes: corners, scores: tf.sigmoid(batch.slice([0, 0], [-1, 1])).squeeze([1]) as tf.Tensor1D };
      });
      try {
        const kept = await tf.image.nonMaxSuppressionAsync(boxes, scores, MAX_FACES, NMS_IOU, minScore);
        const [keptIndices, allBoxes, allScores] = await Promise.all([kept.data(), boxes.data(), scores.data()]);
        kept.dispose();
        return Array.from(keptIndices, (index) => {
          const [y1, x1, y2, x2] = allBoxes.slice(index * 4, index * 4 + 4) as unknown as [number, number, number, number];
          const toX = side / width;
          const toY = side / height;
          const box = { x: x1 * toX - left / width, y: y1 * toY - top / height, width: (x2 - x1) * toX, height: (y2 - y1) * toY };
          return { score: allScores[index]!, box };
        });
      } finally {
        boxes.dispose();
        scores.dispose();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      anchors.dispose();
      model.dispose();
    },
  };
}

/**
 * The model's 896 rows of [score logit, cx, cy, w, h, 6 landmarks × 2]. This conversion has four outputs, the
 * scores and the regressors of each anchor grid apart: sorted by size they are scores 384, scores 512, boxes 384,
 * boxes 512, and the rows go 512 first (Human's blazeface.ts, "pinto converted model").
 */
function rowsOf(output: tf.Tensor | tf.Tensor[]): tf.Tensor2D {
  if (!Array.isArray(output)) return output.squeeze([0]) as tf.Tensor2D;
  if (output.length === 1) return output[0]!.squeeze([0]) as tf.Tensor2D;
  const [scores384, scores512, boxes384, boxes512] = [...output].sort((a, b) => a.size - b.size) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const rows512 = tf.concat([scores512, boxes512], 2);
  const rows384 = tf.concat([scores384, boxes384], 2);
  return tf.concat([rows512, rows384], 1).squeeze([0]) as tf.Tensor2D;
}
