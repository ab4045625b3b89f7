import * as tf from '@tensorflow/tfjs';
import {
  AgeGenderNet,
  Gender,
  SsdMobilenetv1,
  type AgeAndGenderPrediction,
  type FaceDetection,
  type TNetInput,
} from '#face-api';
import { pixelData, type RgbaImage } from '../../input/pixels.js';
import type { FaceItem, FacesEvidence } from '../../verdict/types.js';
import { ageRange } from './age.js';
import { installWorkerEnvironment } from './env.js';
import { BLAZEFACE_INPUT, loadBlazeFace, type BlazeFace } from './blazeface.js';
import { looksDrawn } from './drawn.js';
import type { FaceContext } from '../objects/select.js';
import { onAnimal } from './animals.js';
import { clipBox, dropNested, fillsPicture, groupDetections, isFace, ZOOMED_OUT, type Detection, type RelativeBox } from './fuse.js';

/**
 * The longest side the face analyzer looks at. SSD shrinks its input to 512 and BlazeFace to 256 anyway; 1024 keeps
 * the age net's face crops sharp at a quarter of a 1920 px photo's pixels.
 */
export const FACES_MAX_SIDE = 1024;

/** Detections this weak are not even candidates; `isFace` decides among the rest (see fuse.ts). */
const CANDIDATE_SCORE = 0.2;

export interface FaceAnalyzer {
  /** The longest side of the pixels `analyze` expects; the caller shrinks the image to it, keeping the aspect. */
  readonly maxSide: number;
  /** `objects`: where the object detector sees animals and people, when it ran; it allows the zoomed-out look. */
  analyze(pixels: RgbaImage, objects?: FaceContext): Promise<FacesEvidence>;
  dispose(): void;
}

/** Where the face models are served: face-api's folder (SSD, age) and Human's BlazeFace graph. */
export interface FaceModelUrls {
  faceApiFolder: string;
  blazeFace: string;
}

/**
 * face-api's SSD MobileNet and its age/gender net, and Human's BlazeFace, loaded from served weights and run on
 * tensors made from our pixels (never DOM images), on the one tfjs the worker already set up.
 *
 * Each detector runs once, on the whole image (fuse.ts decides): a face in a scene is kept when both agree, or by SSD
 * alone when it is too small for BlazeFace (the faces of a group photo); a face that fills the picture (a portrait
 * crop, which SSD misses and BlazeFace was made for) by BlazeFace alone unless it looks drawn (drawn.ts). Before,
 * face-api's tiny detector was the second vote and both detectors also looked at the picture framed in grey: four
 * passes, and still most tight crops lost (bench/faces.mjs). Where that finds no face and the object detector ran,
 * BlazeFace looks once more at the picture zoomed out (fuse.ts ZOOMED_OUT): the small, poor crops it missed.
 */
export async function createFaceAnalyzer(urls: FaceModelUrls): Promise<FaceAnalyzer> {
  installWorkerEnvironment();
  const ssd = new SsdMobilenetv1();
  const ageGender = new AgeGenderNet();
  const nets = [ssd, ageGender];
  let blazeFace: BlazeFace | undefined;
  try {
    [blazeFace] = await Promise.all([loadBlazeFace(urls.blazeFace), ...nets.map((net) => net.loadFromUri(urls.faceApiFolder))]);
  } catch (error) {
    for (const net of nets) net.dispose();
    blazeFace?.dispose();
    throw error;
  }
  const blaze = blazeFace;

  let disposed = false;
  const analyzer: FaceAnalyzer = {
    maxSide: FACES_MAX_SIDE,
    async analyze(pixels, objects) {
      const image = tf.browser.fromPixels(pixelData(pixels));
      try {
        const [height, width] = image.shape;
        const byBlaze: Detection[] = (await blaze.detect(image, CANDIDATE_SCORE)).map((found) => ({ detector: 'blazeface', ...found }));
        const detections = [...byBlaze, ...(await detectSsd(ssd, image))];
        // BlazeFace sees the whole image padded to a square of its longer side, at 256 px.
        const blazeScale = BLAZEFACE_INPUT / Math.max(width, height);
        const candidates = groupDetections(detections).filter(
          (candidate) =>
            (isFace(candidate, Math.max(candidate.box.width * width, candidate.box.height * height) * blazeScale) ||
              fillsPicture(candidate, width, height)) &&
            // BlazeFace scores drawn faces 0.76-0.89: no face that looks drawn is kept, whoever found it.
            !looksDrawn(pixels, candidate.box),
        );
        const found = candidates.map((candidate) => ({ box: candidate.box, score: Math.max(candidate.scores.ssd, candidate.scores.blazeface) }));
        if (found.length === 0 && objects) {
          const zoomedOut = await blaze.detect(image, ZOOMED_OUT.blazeAtLeast, ZOOMED_OUT.times);
          found.push(
            ...zoomedOut.filter(
              ({ box, score }) =>
                fillsPicture({ box, scores: { ssd: 0, blazeface: score } }, width, height, ZOOMED_OUT.blazeAtLeast) &&
                !looksDrawn(pixels, box) &&
                !onAnimal(box, objects),
            ),
          );
        }
        const faces = dropNested(
          found
            .map(({ box, score }) => ({ box: clipBox(box), score }))
            .filter(({ box }) => box.width > 0 && box.height > 0)
            .sort((a, b) => b.score - a.score),
        );
        const estimates = await estimateAgeAndGender(ageGender, image, faces.map((face) => face.box));
        const items: FaceItem[] = faces.map((face, index) => {
          const { age, gender, genderProbability } = estimates[index]!;
          return {
            box: roundBox(face.box),
            score: round3(face.score),
            age: Math.round(age * 10) / 10,
            ageRange: ageRange(age),
            gender: gender === Gender.MALE ? 'male' : 'female',
            genderProbability: round3(genderProbability),
          };
        });
        return { count: items.length, items, model: 'face-api/ssd_mobilenetv1+human/blazeface+face-api/age_gender' };
      } finally {
        image.dispose();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const net of nets) net.dispose();
      blaze.dispose();
    },
  };
  // Warm-up: the first inference compiles kernels and allocates; do it now, not on the person's first photo.
  await analyzer.analyze({ width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4) });
  return analyzer;
}

/** face-api declares its own copy of the tfjs types; at run time it is the same tfjs (package.json `imports`). */
function netInput(tensor: tf.Tensor3D): TNetInput {
  return tensor as unknown as TNetInput;
}

async function detectSsd(ssd: SsdMobilenetv1, tensor: tf.Tensor3D): Promise<Detection[]> {
  const found = await ssd.locateFaces(netInput(tensor), { minConfidence: CANDIDATE_SCORE });
  return found.map((detection: FaceDetection): Detection => {
    const { x, y, width, height } = detection.relativeBox;
    return { detector: 'ssd', score: detection.score, box: { x, y, width, height } };
  });
}

async function estimateAgeAndGender(
  net: AgeGenderNet,
  image: tf.Tensor3D,
  boxes: RelativeBox[],
): Promise<AgeAndGenderPrediction[]> {
  if (boxes.length === 0) return [];
  const [height, width] = image.shape;
  const crops = boxes.map((box) => {
    const x = Math.min(width - 1, Math.round(box.x * width));
    const y = Math.min(height - 1, Math.round(box.y * height));
    const cropWidth = Math.max(1, Math.min(width - x, Math.round(box.width * width)));
    const cropHeight = Math.max(1, Math.min(height - y, Math.round(box.height * height)));
    return tf.slice3d(image, [y, x, 0], [cropHeight, cropWidth, 3]);
  });
  try {
    const predictions = await net.predictAgeAndGender(crops.map(netInput) as TNetInput);
    return Array.isArray(predictions) ? predictions : [predictions];
  } finally {
    for (const crop of crops) crop.dispose();
  }
}

function roundBox(box: RelativeBox): RelativeBox {
  return { x: round4(box.x), y: round4(box.y), width: round4(box.width), height: round4(box.height) };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
