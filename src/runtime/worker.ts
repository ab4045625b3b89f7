/// <reference lib="webworker" />
/**
 * The analysis worker: sniffing, hashing, decoding, resizing and every model run here, off the page's main
 * thread. Each guard owns one worker, hence its own tfjs engine and models: two guards never share state.
 */
import { expose } from 'comlink';
import { ImageGuardError } from '../errors.js';
import { createFaceAnalyzer, type FaceAnalyzer } from '../analyzers/faces/index.js';
import { createNsfwAnalyzer, type NsfwAnalyzer } from '../analyzers/nsfw/index.js';
import { decodeImage, resizeToPixels } from '../input/decode.js';
import { sha256Hex } from '../input/hash.js';
import { sniffFormat } from '../input/sniff.js';
import { assetPaths } from './asset-paths.js';
import { selectBackend } from './backend.js';
import type { AnalyzerName } from '../options.js';
import type { AnalysisWorkerApi, WorkerConfig, WorkerEvidence, WorkerReady, WorkerResult } from './protocol.js';

let nsfw: NsfwAnalyzer | null = null;
let faces: FaceAnalyzer | null = null;
let backend: string | null = null;

const api: AnalysisWorkerApi = {
  init: (config) => settle(() => init(config)),
  analyze: (bytes) => settle(() => analyze(bytes)),
};

async function init(config: WorkerConfig): Promise<WorkerReady> {
  const models: WorkerReady['models'] = [];
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (cause) {
      throw new ImageGuardError(
        'model_load_failed',
        `The ${what} could not be loaded from ${config.modelBaseUrl} (${errorText(cause)}). ` +
          'Check that the model files are served there (the image-guard-kit Vite plugin does this).',
        { cause },
      );
    }
  };
  const timed = async <T>(name: AnalyzerName, what: string, create: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const created = await attempt(what, create);
    models.push({ name, ms: performance.now() - started });
    return created;
  };
  backend = await attempt('tfjs backend', () => selectBackend(config.backend, config.modelBaseUrl + assetPaths.tfjsWasmFolder));
  const nsfwConfig = config.analyzers.nsfw;
  if (nsfwConfig) {
    const modelUrl = config.modelBaseUrl + assetPaths.nsfwModel(nsfwConfig.model);
    nsfw = await timed('nsfw', 'NSFW model', () => createNsfwAnalyzer(modelUrl, nsfwConfig.model));
  }
  if (config.analyzers.faces) {
    const folderUrl = config.modelBaseUrl + assetPaths.faceModelFolder;
    faces = await timed('faces', 'face models', () => createFaceAnalyzer(folderUrl));
  }
  return { backend: backend ?? 'none', models };
}

async function analyze(bytes: Uint8Array): Promise<WorkerEvidence> {
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[`${stage}Ms`] = performance.now() - started;
    }
  };

  if (bytes.length === 0) throw new ImageGuardError('empty_file', 'The file is empty (0 bytes).');
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'unsupported') {
    throw new ImageGuardError('unsupported_format', `This file is ${sniffed.what}. ${sniffed.advice}`);
  }
  if (sniffed.kind === 'unknown') {
    throw new ImageGuardError(
      'unsupported_format',
      'This file is not an image this library can read. Accepted: JPEG, PNG, GIF, WebP, AVIF and BMP.',
    );
  }
  const hash = await time('hash', () => sha256Hex(bytes));
  const bitmap = await time('decode', () => decodeImage(bytes, sniffed.format, sniffed.mimeType));
  try {
    const image = {
      width: bitmap.width,
      height: bitmap.height,
      format: sniffed.format,
      mimeType: sniffed.mimeType,
      bytes: bytes.length,
    };
    const nsfwAnalyzer = nsfw;
    const nsfwEvidence = nsfwAnalyzer
      ? await time('nsfw', () => {
          const { inputSize, sampling } = nsfwAnalyzer;
          return nsfwAnalyzer.analyze(resizeToPixels(bitmap, inputSize, inputSize, sampling));
        })
      : null;
    const faceAnalyzer = faces;
    const facesEvidence = faceAnalyzer
      ? await time('faces', () => {
          // Smoothed and aspect kept: face-api's models were trained on properly filtered images.
          const scale = Math.min(1, faceAnalyzer.maxSide / Math.max(bitmap.width, bitmap.height));
          const width = Math.max(1, Math.round(bitmap.width * scale));
          const height = Math.max(1, Math.round(bitmap.height * scale));
          return faceAnalyzer.analyze(resizeToPixels(bitmap, width, height, 'smooth'));
        })
      : null;
    const anyModel = nsfwEvidence !== null || facesEvidence !== null;
    return { hash, image, nsfw: nsfwEvidence, faces: facesEvidence, timings, backend: anyModel ? backend : null };
  } finally {
    bitmap.close();
  }
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
  return error instanceof Error ? error.message : String(error);
}

expose(api);
