import * as tf from '@tensorflow/tfjs';
import {
  AgeGenderNet,
  Gender,
  SsdMobilenetv1,
  TinyFaceDetector,
  type AgeAndGenderPrediction,
  type FaceDetection,
  type TNetInput,
} from '#face-api';
import { pixelData, type RgbaImage } from '../../input/pixels.js';
import type { FaceItem, FacesEvidence } from '../../verdict/types.js';
import { ageRange } from './age.js';
import { installWorkerEnvironment } from './env.js';
import { clipBox, groupDetections, isFace, type Detection, type Detector, type RelativeBox } from './fuse.js';

/**
 * The longest side the face analyzer looks at. Both detectors shrink their input to 512 (SSD) or 608 (tiny) anyway;
 * 1024 keeps faces of about 30 px in a 1920 px group photo large enough for the tiny detector, at a quarter of the
 * pixels.
 */
export const FACES_MAX_SIDE = 1024;

/** Detections this weak are not even candidates; `isFace` decides among the rest (see fuse.ts). */
const CANDIDATE_SCORE = 0.2;

/** SSD's fixed input size: the framed pass is built at exactly this size so SSD does not resize it again. */
const SSD_INPUT = 512;

/**
 * The tiny detector is fully convolutional: a larger input finds smaller faces. 608 on the whole image finds the
 * faces of a group photo that 416 (face-api's default) shrinks below its smallest anchor.
 */
const TINY_INPUT_WHOLE = 608;
const TINY_INPUT_FRAMED = 416;

export interface FaceAnalyzer {
  /** The longest side of the pixels `analyze` expects; the caller shrinks the image to it, keeping the aspect. */
  readonly maxSide: number;
  analyze(pixels: RgbaImage): Promise<FacesEvidence>;
  dispose(): void;
}

/**
 * face-api's SSD MobileNet and tiny face detectors plus its age/gender net, loaded from served weights and run on
 * tensors made from our pixels (never DOM images), on the one tfjs the worker already set up.
 *
 * Raw face-api runs one detector once on the whole image. We run both detectors in two passes, then keep what both
 * agree on (fuse.ts):
 * - the whole image: faces of a group photo (the tiny detector at a larger input finds the small ones);
 * - the image shrunk into the centre of a grey frame: a face that fills the whole picture (a profile photo, a tight
 *   crop) is missed by both detectors, which were trained on faces that sit inside a scene. Framed, it looks like one.
 */
export async function createFaceAnalyzer(modelFolderUrl: string): Promise<FaceAnalyzer> {
  installWorkerEnvironment();
  const ssd = new SsdMobilenetv1();
  const tiny = new TinyFaceDetector();
  const ageGender = new AgeGenderNet();
  const nets = [ssd, tiny, ageGender];
  try {
    await Promise.all(nets.map((net) => net.loadFromUri(modelFolderUrl)));
  } catch (error) {
    for (const net of nets) net.dispose();
    throw error;
  }

  let disposed = false;
  const analyzer: FaceAnalyzer = {
    maxSide: FACES_MAX_SIDE,
    async analyze(pixels) {
      const image = tf.browser.fromPixels(pixelData(pixels));
      const framed = frame(image);
      try {
        const detections = [
          ...(await detect(ssd, tiny, image, TINY_INPUT_WHOLE, (box) => box)),
          ...(await detect(ssd, tiny, framed.tensor, TINY_INPUT_FRAMED, framed.toImage)),
        ];
        const [height, width] = image.shape;
        // The tiny detector sees the whole image scaled so its longer side is its input size.
        const tinyScale = TINY_INPUT_WHOLE / Math.max(width, height);
        const faces = groupDetections(detections)
          .filter((candidate) => {
            const side = Math.max(candidate.box.width * width, candidate.box.height * height);
            return isFace(candidate, side * tinyScale);
          })
          .map((candidate) => ({ box: clipBox(candidate.box), score: Math.max(candidate.scores.ssd, candidate.scores.tiny) }))
          .filter(({ box }) => box.width > 0 && box.height > 0);
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
        return { count: items.length, items, model: 'face-api/ssd_mobilenetv1+tiny_face_detector+age_gender' };
      } finally {
        image.dispose();
        framed.tensor.dispose();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const net of nets) net.dispose();
    },
  };
  // Warm-up: the first inference compiles kernels and allocates; do it now, not on the person's first photo.
  await analyzer.analyze({ width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4) });
  return analyzer;
}

/** The framed copy of an image, and how a box found in it maps back to the image. */
interface Framed {
  tensor: tf.Tensor3D;
  toImage(box: RelativeBox): RelativeBox;
}

/** face-api declares its own copy of the tfjs types; at run time it is the same tfjs (package.json `imports`). */
function netInput(tensor: tf.Tensor3D): TNetInput {
  return tensor as unknown as TNetInput;
}

async function detect(
  ssd: SsdMobilenetv1,
  tiny: TinyFaceDetector,
  tensor: tf.Tensor3D,
  tinyInputSize: number,
  toImage: (box: RelativeBox) => RelativeBox,
): Promise<Detection[]> {
  const found = (detector: Detector) => (detection: FaceDetection): Detection => {
    const { x, y, width, height } = detection.relativeBox;
    return { detector, score: detection.score, box: toImage({ x, y, width, height }) };
  };
  const bySsd = await ssd.locateFaces(netInput(tensor), { minConfidence: CANDIDATE_SCORE });
  const byTiny = await tiny.locateFaces(netInput(tensor), { inputSize: tinyInputSize, scoreThreshold: CANDIDATE_SCORE });
  return [...bySsd.map(found('ssd')), ...byTiny.map(found('tiny'))];
}

/**
 * The image shrunk into the centre half of an SSD-sized grey square, so a face that filled the picture fills a
 * quarter of the frame, and `toImage` maps a box found in the frame back to the image.
 */
function frame(image: tf.Tensor3D): Framed {
  const [height, width] = image.shape;
  const scale = SSD_INPUT / 2 / Math.max(width, height);
  const innerWidth = Math.max(1, Math.round(width * scale));
  const innerHeight = Math.max(1, Math.round(height * scale));
  const left = Math.floor((SSD_INPUT - innerWidth) / 2);
  const top = Math.floor((SSD_INPUT - innerHeight) / 2);
  const tensor = tf.tidy(() => {
    const small = tf.image.resizeBilinear(image, [innerHeight, innerWidth], true);
    const grey = 128;
    return tf.pad(
      small,
      [
        [top, SSD_INPUT - innerHeight - top],
        [left, SSD_INPUT - innerWidth - left],
        [0, 0],
      ],
      grey,
    );
  });
  return {
    tensor,
    toImage: (box) => ({
      x: (box.x * SSD_INPUT - left) / innerWidth,
      y: (box.y * SSD_INPUT - top) / innerHeight,
      width: (box.width * SSD_INPUT) / innerWidth,
      height: (box.height * SSD_INPUT) / innerHeight,
    }),
  };
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
