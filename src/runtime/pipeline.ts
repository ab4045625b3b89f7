/**
 * The analysis itself, shared by the browser's analysis worker (runtime/worker.ts) and the Node verifier: load the
 * enabled models, then run them on an image's decoded frames. Only decoding and resizing differ between the two,
 * behind `Frame`, so a server re-checking an upload gets the verdict the browser got.
 */
import { dropAnimalFaces } from '../analyzers/faces/animals.js';
import { createFaceAnalyzer, type FaceAnalyzer } from '../analyzers/faces/index.js';
import { createNsfwAnalyzer, type NsfwAnalyzer } from '../analyzers/nsfw/index.js';
import { createObjectAnalyzer, type ObjectAnalyzer } from '../analyzers/objects/index.js';
import { measureQuality, QUALITY_MAX_SIDE } from '../analyzers/quality/index.js';
import type { TextAnalyzer } from '../analyzers/text/index.js';
import { sha256Hex } from '../input/hash.js';
import { readMetadata } from '../input/metadata.js';
import { fitWithin, type DecodedImage, type Frame } from '../input/pixels.js';
import { probeImage, type Limits, type Probe } from '../input/probe.js';
import type { AnalyzerName } from '../options.js';
import type {
  AnalyzerFailure,
  FacesEvidence,
  NsfwEvidence,
  ObjectsEvidence,
  QualityEvidence,
  TextEvidence,
} from '../verdict/types.js';
import { assetPaths } from './asset-paths.js';
import type { WorkerConfig, WorkerEvidence, WorkerReady } from './protocol.js';

export interface LoadedAnalyzers {
  nsfw: NsfwAnalyzer | null;
  faces: FaceAnalyzer | null;
  text: TextAnalyzer | null;
  objects: ObjectAnalyzer | null;
  /** Not a model: pure arithmetic on pixels, so nothing to load, only on or off. */
  quality: boolean;
}

type LoadedModel = WorkerReady['models'][number];

/**
 * Loads every enabled model at once: tesseract starts its own worker and fetches its files while tfjs loads nsfwjs
 * and face-api (both on the one tfjs backend, `backendReady`). A model that fails to load is not fatal: it is
 * recorded in `failures`, and the policy's onModelError decides what an image that was not fully checked means.
 */
export async function loadAnalyzers(
  config: Pick<WorkerConfig, 'modelBaseUrl' | 'analyzers'>,
  backendReady: Promise<string>,
): Promise<{ analyzers: LoadedAnalyzers; models: LoadedModel[]; failures: AnalyzerFailure[] }> {
  const analyzers: LoadedAnalyzers = { nsfw: null, faces: null, text: null, objects: null, quality: config.analyzers.quality };
  const timed = async (name: AnalyzerName, load: () => Promise<string>): Promise<LoadedModel> => {
    const started = performance.now();
    const backend = await load();
    return { name, backend, ms: performance.now() - started };
  };
  const loads: [AnalyzerName, () => Promise<string>][] = [];
  const { nsfw, faces, text, objects } = config.analyzers;
  if (nsfw) {
    loads.push([
      'nsfw',
      async () => {
        const backend = await backendReady;
        analyzers.nsfw = await createNsfwAnalyzer(config.modelBaseUrl + assetPaths.nsfwModel(nsfw.model), nsfw.model, nsfw.maxPasses);
        return backend;
      },
    ]);
  }
  if (faces) {
    loads.push([
      'faces',
      async () => {
        const backend = await backendReady;
        analyzers.faces = await createFaceAnalyzer(config.modelBaseUrl + assetPaths.faceModelFolder);
        return backend;
      },
    ]);
  }
  if (objects) {
    loads.push([
      'objects',
      async () => {
        const backend = await backendReady;
        analyzers.objects = await createObjectAnalyzer(config.modelBaseUrl + assetPaths.objectsModel, objects);
        return backend;
      },
    ]);
  }
  if (text) {
    loads.push([
      'text',
      async () => {
        // Imported only when the text analyzer is on: tesseract.js and the screening libraries stay unloaded otherwise.
        const { createTextAnalyzer } = await import('../analyzers/text/index.js');
        analyzers.text = await createTextAnalyzer(text);
        // tesseract.js-core is WebAssembly whatever tfjs uses.
        return 'wasm';
      },
    ]);
  }
  const settled = await Promise.allSettled(loads.map(([name, load]) => timed(name, load)));
  const models: LoadedModel[] = [];
  const failures: AnalyzerFailure[] = [];
  settled.forEach((outcome, index) => {
    const name = loads[index]![0];
    if (outcome.status === 'fulfilled') models.push(outcome.value);
    else failures.push({ analyzer: name, code: 'model_load_failed', message: loadMessage(name, config.modelBaseUrl, outcome.reason) });
  });
  return { analyzers, models, failures };
}

const MODEL_NAMES: Record<AnalyzerName, string> = {
  nsfw: 'The NSFW model',
  faces: 'The face models (face-api)',
  text: 'The OCR engine (tesseract.js)',
  objects: 'The object model (CenterNet)',
};

function loadMessage(name: AnalyzerName, modelBaseUrl: string, cause: unknown): string {
  return `${MODEL_NAMES[name]} could not be loaded from ${modelBaseUrl} (${errorText(cause)}).`;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  // tesseract.js rejects with nothing when its worker script or core cannot load.
  return error === undefined || error === null || error === '' ? 'it failed to start' : String(error);
}

/** Times named stages into `timings` as `<stage>Ms`. */
export function stageTimer(): { timings: Record<string, number>; time: <T>(stage: string, work: () => Promise<T> | T) => Promise<T> } {
  const timings: Record<string, number> = {};
  return {
    timings,
    async time(stage, work) {
      const started = performance.now();
      try {
        return await work();
      } finally {
        timings[`${stage}Ms`] = performance.now() - started;
      }
    },
  };
}

/** The one thing the browser and Node do differently: turning bytes into frames. */
export type Decoder = (bytes: Uint8Array, probe: Probe, maxFrames: number) => Promise<DecodedImage>;

/**
 * Everything known about one image: probe (limits are read from the header, before a single pixel is allocated),
 * hash, metadata, decode, then the analyzers on its frames. `backend` is reported only when a tfjs model ran.
 */
export async function analyzeImage(
  bytes: Uint8Array,
  options: {
    limits: Limits;
    knownHash: string | undefined;
    decode: Decoder;
    analyzers: LoadedAnalyzers;
    failures: AnalyzerFailure[];
    backend: string | null;
  },
): Promise<WorkerEvidence> {
  const { timings, time } = stageTimer();
  const probe = probeImage(bytes, options.limits);
  const [hash, metadata, decoded] = await Promise.all([
    options.knownHash ?? time('hash', () => sha256Hex(bytes)),
    time('metadata', () => readMetadata(bytes)),
    time('decode', () => options.decode(bytes, probe, options.limits.maxFrames)),
  ]);
  try {
    const evidence = await analyzeFrames(decoded.frames, options.analyzers, time);
    return {
      hash,
      image: {
        width: decoded.width,
        height: decoded.height,
        format: probe.format,
        mimeType: probe.mimeType,
        bytes: bytes.length,
        frames: decoded.frameCount,
        sampledFrames: decoded.frames.map((frame) => frame.index),
        truncated: probe.truncated,
      },
      metadata,
      ...evidence,
      errors: options.failures,
      timings,
      backend: evidence.nsfw !== null || evidence.faces !== null || evidence.objects !== null ? options.backend : null,
    };
  } finally {
    for (const frame of decoded.frames) frame.close();
  }
}

export interface FrameEvidence {
  nsfw: NsfwEvidence | null;
  faces: FacesEvidence | null;
  text: TextEvidence | null;
  objects: ObjectsEvidence | null;
  quality: QualityEvidence | null;
}

/**
 * Runs the loaded analyzers on an image's frames (at least one). NSFW scores every frame and the worst decides;
 * faces, objects and quality are looked at in that same frame (faces on an animal are checked against the
 * objects there: faces/animals.ts), so "a possible minor in sexual content" speaks of
 * one picture; text is read from the first frame (captions on an animation are there from its start).
 */
export async function analyzeFrames(
  frames: readonly Frame[],
  analyzers: LoadedAnalyzers,
  time: ReturnType<typeof stageTimer>['time'],
): Promise<FrameEvidence> {
  const { nsfw, faces, text, objects, quality } = analyzers;
  // OCR runs in tesseract's own worker, so the tfjs models run here meanwhile, on the other core.
  const reading = text ? time('text', () => text.analyze(frames[0]!)) : null;
  reading?.catch(() => undefined); // its failure is thrown where it is awaited, below
  const nsfwEvidence = nsfw ? await time('nsfw', () => worstFrame(nsfw, frames)) : null;
  const faceFrame = frames.find((frame) => frame.index === (nsfwEvidence?.frame ?? 0)) ?? frames[0]!;
  const foundFaces = faces ? await time('faces', () => findFaces(faces, faceFrame)) : null;
  const foundObjects = objects ? await time('objects', () => findObjects(objects, faceFrame)) : null;
  const objectsEvidence = foundObjects?.evidence ?? null;
  // Faces and objects looked at the same frame: a "face" on a dog with no person around it is the dog's.
  const facesEvidence = foundFaces && foundObjects ? dropAnimalFaces(foundFaces, foundObjects.context) : foundFaces;
  const qualityEvidence = quality ? await time('quality', () => measureFrameQuality(faceFrame)) : null;
  return { nsfw: nsfwEvidence, faces: facesEvidence, text: await reading, objects: objectsEvidence, quality: qualityEvidence };
}

/** Squashed to CenterNet's square and smoothed, as Human feeds it (bilinear resize of the whole image). */
async function findObjects(analyzer: ObjectAnalyzer, frame: Frame): ReturnType<ObjectAnalyzer['analyze']> {
  return analyzer.analyze(await frame.resize(analyzer.inputSize, analyzer.inputSize, 'smooth'));
}

async function measureFrameQuality(frame: Frame): Promise<QualityEvidence> {
  const { width, height } = fitWithin(frame.width, frame.height, QUALITY_MAX_SIDE);
  return measureQuality(await frame.resize(width, height, 'smooth'), frame.width, frame.height);
}

/** Every sampled frame is scored; the worst decides (explicit content weighs double against suggestive). */
async function worstFrame(analyzer: NsfwAnalyzer, frames: readonly Frame[]): Promise<NsfwEvidence> {
  let worst: NsfwEvidence | null = null;
  for (const frame of frames) {
    const result = { ...(await analyzer.scan(frame)), frame: frame.index };
    if (!worst || severity(result) > severity(worst)) worst = result;
  }
  return worst!;
}

/** Smoothed and aspect kept: face-api's models were trained on properly filtered images. */
async function findFaces(analyzer: FaceAnalyzer, frame: Frame): Promise<FacesEvidence> {
  const { width, height } = fitWithin(frame.width, frame.height, analyzer.maxSide);
  return analyzer.analyze(await frame.resize(width, height, 'smooth'));
}

function severity({ scores }: NsfwEvidence): number {
  return (scores.porn + scores.hentai) * 2 + scores.sexy;
}
