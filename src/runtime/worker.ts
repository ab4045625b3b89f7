/// <reference lib="webworker" />
/**
 * The analysis worker: probing, hashing, metadata, decoding, resizing and every model run here, off the page's
 * main thread. Each guard owns one worker, hence its own tfjs engine and models: two guards never share state.
 */
import { expose } from 'comlink';
import { ImageGuardError } from '../errors.js';
import { createFaceAnalyzer, type FaceAnalyzer } from '../analyzers/faces/index.js';
import { createNsfwAnalyzer, type NsfwAnalyzer } from '../analyzers/nsfw/index.js';
import type { TextAnalyzer } from '../analyzers/text/index.js';
import { decodeImage, resizeToPixels, type DecodedImage } from '../input/decode.js';
import { sha256Hex } from '../input/hash.js';
import { readMetadata } from '../input/metadata.js';
import { probeImage, type Limits } from '../input/probe.js';
import type { AnalyzerName } from '../options.js';
import type { AnalyzerFailure, NsfwEvidence } from '../verdict/types.js';
import { assetPaths } from './asset-paths.js';
import { selectBackend } from './backend.js';
import type { AnalysisWorkerApi, WorkerConfig, WorkerEvidence, WorkerReady, WorkerResult } from './protocol.js';

let nsfw: NsfwAnalyzer | null = null;
let faces: FaceAnalyzer | null = null;
let text: TextAnalyzer | null = null;
let backend: string | null = null;
let limits: Limits | null = null;
let failures: AnalyzerFailure[] = [];

const api: AnalysisWorkerApi = {
  init: (config) => settle(() => init(config)),
  analyze: (bytes, hash) => settle(() => analyze(bytes, hash)),
};

type LoadedModel = WorkerReady['models'][number];

async function init(config: WorkerConfig): Promise<WorkerReady> {
  limits = config.limits;
  // All load at once: tesseract starts its own worker and fetches its files while tfjs loads nsfwjs and face-api
  // (both on the one tfjs backend, picked first).
  const backendReady = selectBackend(config.backend, config.modelBaseUrl + assetPaths.tfjsWasmFolder);
  const names: AnalyzerName[] = ['nsfw', 'faces', 'text'];
  const settled = await Promise.allSettled([loadNsfw(config, backendReady), loadFaces(config, backendReady), loadText(config)]);
  const models: LoadedModel[] = [];
  failures = [];
  settled.forEach((outcome, index) => {
    const name = names[index]!;
    if (outcome.status === 'fulfilled') {
      if (outcome.value) models.push(outcome.value);
    } else {
      // Not fatal: the policy's onModelError decides what an image that was not fully checked means.
      failures.push({ analyzer: name, code: 'model_load_failed', message: loadMessage(name, config, outcome.reason) });
    }
  });
  return { models, failures, backend, scriptUrl: self.location.href };
}

async function loadNsfw(config: WorkerConfig, backendReady: Promise<string>): Promise<LoadedModel | null> {
  if (!config.analyzers.nsfw) return null;
  backend = await backendReady;
  const started = performance.now();
  const name = config.analyzers.nsfw.model;
  nsfw = await createNsfwAnalyzer(config.modelBaseUrl + assetPaths.nsfwModel(name), name);
  return { name: 'nsfw', backend, ms: performance.now() - started };
}

async function loadFaces(config: WorkerConfig, backendReady: Promise<string>): Promise<LoadedModel | null> {
  if (!config.analyzers.faces) return null;
  backend = await backendReady;
  const started = performance.now();
  faces = await createFaceAnalyzer(config.modelBaseUrl + assetPaths.faceModelFolder);
  return { name: 'faces', backend, ms: performance.now() - started };
}

async function loadText(config: WorkerConfig): Promise<LoadedModel | null> {
  if (!config.analyzers.text) return null;
  const started = performance.now();
  // Imported only when the text analyzer is on: tesseract.js and the screening libraries stay unloaded otherwise.
  const { createTextAnalyzer } = await import('../analyzers/text/index.js');
  text = await createTextAnalyzer(config.analyzers.text);
  // tesseract.js-core is WebAssembly whatever tfjs uses.
  return { name: 'text', backend: 'wasm', ms: performance.now() - started };
}

const MODEL_NAMES: Record<AnalyzerName, string> = {
  nsfw: 'The NSFW model',
  faces: 'The face models (face-api)',
  text: 'The OCR engine (tesseract.js)',
};

function loadMessage(name: AnalyzerName, config: WorkerConfig, cause: unknown): string {
  return `${MODEL_NAMES[name]} could not be loaded from ${config.modelBaseUrl} (${errorText(cause)}).`;
}

async function analyze(bytes: Uint8Array, knownHash: string | undefined): Promise<WorkerEvidence> {
  if (!limits) throw new ImageGuardError('analysis_failed', 'The analysis worker was used before it was started.');
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[`${stage}Ms`] = performance.now() - started;
    }
  };

  // Limits are read from the header, before a single pixel is allocated.
  const probe = probeImage(bytes, limits);
  const maxFrames = limits.maxFrames;
  const [hash, metadata, decoded] = await Promise.all([
    knownHash ?? time('hash', () => sha256Hex(bytes)),
    time('metadata', () => readMetadata(bytes)),
    time('decode', () => decodeImage(bytes, probe, maxFrames)),
  ]);
  try {
    const image = {
      width: decoded.width,
      height: decoded.height,
      format: probe.format,
      mimeType: probe.mimeType,
      bytes: bytes.length,
      frames: decoded.frameCount,
      sampledFrames: decoded.frames.map((frame) => frame.index),
      truncated: probe.truncated,
    };
    const nsfwAnalyzer = nsfw;
    const faceAnalyzer = faces;
    const reader = text;
    // OCR runs in tesseract's own worker, so the tfjs models run here meanwhile, on the other core. Text is read
    // from the first frame: captions on an animation are there from its start.
    const reading = reader ? time('text', () => reader.analyze(decoded.frames[0]!.bitmap)) : null;
    reading?.catch(() => undefined); // its failure is thrown where it is awaited, below
    const nsfwEvidence = nsfwAnalyzer ? await time('nsfw', () => worstFrame(nsfwAnalyzer, decoded)) : null;
    // Faces are looked for in the frame the NSFW verdict comes from, so "a possible minor in sexual content"
    // speaks of one picture.
    const faceFrame = decoded.frames.find((frame) => frame.index === (nsfwEvidence?.frame ?? 0)) ?? decoded.frames[0]!;
    const facesEvidence = faceAnalyzer ? await time('faces', () => findFaces(faceAnalyzer, faceFrame.bitmap)) : null;
    const textEvidence = await reading;
    const anyTfjsModel = nsfwEvidence !== null || facesEvidence !== null;
    return {
      hash,
      image,
      metadata,
      nsfw: nsfwEvidence,
      faces: facesEvidence,
      text: textEvidence,
      errors: failures,
      timings,
      backend: anyTfjsModel ? backend : null,
    };
  } finally {
    for (const frame of decoded.frames) frame.bitmap.close();
  }
}

/** Every sampled frame is scored; the worst decides (explicit content weighs double against suggestive). */
async function worstFrame(analyzer: NsfwAnalyzer, decoded: DecodedImage): Promise<NsfwEvidence> {
  let worst: NsfwEvidence | null = null;
  for (const { index, bitmap } of decoded.frames) {
    const pixels = resizeToPixels(bitmap, analyzer.inputSize, analyzer.inputSize, analyzer.sampling);
    const result = { ...(await analyzer.analyze(pixels)), frame: index };
    if (!worst || severity(result) > severity(worst)) worst = result;
  }
  return worst!;
}

/** Smoothed and aspect kept: face-api's models were trained on properly filtered images. */
function findFaces(analyzer: FaceAnalyzer, bitmap: ImageBitmap) {
  const scale = Math.min(1, analyzer.maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  return analyzer.analyze(resizeToPixels(bitmap, width, height, 'smooth'));
}

function severity({ scores }: NsfwEvidence): number {
  return (scores.porn + scores.hentai) * 2 + scores.sexy;
}

async function settle<T>(work: () => Promise<T>): Promise<WorkerResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const known =
      error instanceof ImageGuardError
        ? error
        : new ImageGuardError('analysis_failed', `The image could not be analysed: ${errorText(error)}.`);
    return { ok: false, error: known.toJSON() };
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  // tesseract.js rejects with nothing when its worker script or core cannot load.
  return error === undefined || error === null || error === '' ? 'it failed to start' : String(error);
}

expose(api);
