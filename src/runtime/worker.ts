/// <reference lib="webworker" />
/**
 * The analysis worker: probing, hashing, metadata, decoding, resizing and every model run here, off the page's
 * main thread. Each guard owns one worker, hence its own tfjs engine and models: two guards never share state.
 * What is analysed and how lives in pipeline.ts, shared with the Node verifier; this file adds the browser's
 * decoding (createImageBitmap, ImageDecoder) and the comlink boundary.
 */
import { expose } from 'comlink';
import { ImageGuardError } from '../errors.js';
import { decodeImage } from '../input/decode.js';
import { sha256Hex } from '../input/hash.js';
import { readMetadata } from '../input/metadata.js';
import { probeImage, type Limits } from '../input/probe.js';
import type { AnalyzerFailure } from '../verdict/types.js';
import { assetPaths } from './asset-paths.js';
import { selectBackend } from './backend.js';
import { analyzeFrames, errorText, loadAnalyzers, stageTimer, type LoadedAnalyzers } from './pipeline.js';
import type { AnalysisWorkerApi, WorkerConfig, WorkerEvidence, WorkerReady, WorkerResult } from './protocol.js';

let analyzers: LoadedAnalyzers = { nsfw: null, faces: null, text: null, objects: null, quality: false };
let backend: string | null = null;
let limits: Limits | null = null;
let failures: AnalyzerFailure[] = [];

const api: AnalysisWorkerApi = {
  init: (config) => settle(() => init(config)),
  analyze: (bytes) => settle(() => analyze(bytes)),
};

async function init(config: WorkerConfig): Promise<WorkerReady> {
  limits = config.limits;
  const backendReady = selectBackend(config.backend, config.modelBaseUrl + assetPaths.tfjsWasmFolder);
  backendReady.then((name) => (backend = name)).catch(() => undefined);
  const loaded = await loadAnalyzers(config, backendReady);
  analyzers = loaded.analyzers;
  failures = loaded.failures;
  return { models: loaded.models, failures };
}

async function analyze(bytes: Uint8Array): Promise<WorkerEvidence> {
  if (!limits) throw new ImageGuardError('analysis_failed', 'The analysis worker was used before it was started.');
  const { timings, time } = stageTimer();
  // Limits are read from the header, before a single pixel is allocated.
  const probe = probeImage(bytes, limits);
  const [hash, metadata, decoded] = await Promise.all([
    time('hash', () => sha256Hex(bytes)),
    time('metadata', () => readMetadata(bytes)),
    time('decode', () => decodeImage(bytes, probe, limits!.maxFrames)),
  ]);
  try {
    const evidence = await analyzeFrames(decoded.frames, analyzers, time);
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
      errors: failures,
      timings,
      backend: evidence.nsfw !== null || evidence.faces !== null || evidence.objects !== null ? backend : null,
    };
  } finally {
    for (const frame of decoded.frames) frame.close();
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

expose(api);
