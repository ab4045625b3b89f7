/// <reference lib="webworker" />
/**
 * The analysis worker: probing, hashing, metadata, decoding, resizing and every model run here, off the page's
 * main thread. Each guard owns one worker, hence its own tfjs engine and models: two guards never share state.
 * What is analysed and how lives in pipeline.ts, shared with the Node verifier; this file adds the browser's
 * decoding (createImageBitmap, ImageDecoder) and the comlink boundary.
 */
import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { ImageGuardError } from '../errors.js';
import { decodeImage } from '../input/decode.js';
import type { GuardDiagnostics, WorkerMemory } from '../options.js';
import type { AnalyzerFailure } from '../verdict/types.js';
import type { LoadEnv } from '../analyzers/contract.js';
import { specOf, TFJS_WASM_FOLDER, type AnalyzerName, type ModelAnalyzerName } from '../analyzers/registry.js';
import { installModelFetch, type FileProgress } from './model-fetch.js';
import { selectBackend, watchContextLoss, type SelectedBackend } from './backend.js';
import { analyzeImage, disposeAnalyzers, errorText, loadAnalyzers, tfjsOnly, type LoadedAnalyzers } from './pipeline.js';
import type {
  AnalysisWorkerApi,
  WorkerConfig,
  WorkerEvidence,
  WorkerReady,
  WorkerResult,
} from './protocol.js';

let analyzers: LoadedAnalyzers = {};
let selected: SelectedBackend | null = null;
let workerConfig: WorkerConfig | null = null;
let failures: AnalyzerFailure[] = [];
/** Set when the WebGL context tfjs used was lost: the next analysis first moves the models to another backend. */
let contextLost = false;

const api: AnalysisWorkerApi = {
  init: (config, onFileProgress, onModelSettled) => settle(() => init(config, onFileProgress, onModelSettled)),
  analyze: (bytes, hash) => settle(() => analyze(bytes, hash)),
  diagnostics: () => settle(async () => diagnostics()),
};

async function init(
  config: WorkerConfig,
  onFileProgress: (progress: FileProgress) => void,
  onModelSettled: (name: ModelAnalyzerName) => void,
): Promise<WorkerReady> {
  workerConfig = config;
  const modelFetch = installModelFetch({ baseUrl: config.modelBaseUrl, cacheName: config.modelCache, onProgress: onFileProgress });
  const loaded = await loadTfjsAndModels(config, [], onModelSettled);
  // Ready only once the model files are in Cache Storage: the copies end with the worker.
  await modelFetch.cacheWrites();
  analyzers = loaded.analyzers;
  failures = loaded.failures;
  return { models: loaded.models, failures, backend: selected?.name ?? null, scriptUrl: self.location.href };
}

/** Picks the backend (without `exclude`) and loads the enabled models; watches WebGL for context loss. */
async function loadTfjsAndModels(
  config: WorkerConfig,
  exclude: Parameters<typeof selectBackend>[2] = [],
  onModelSettled?: (name: ModelAnalyzerName) => void,
) {
  const selecting = selectBackend(config.backend, config.modelBaseUrl + TFJS_WASM_FOLDER, exclude);
  selecting.then((chosen) => (selected = chosen)).catch(() => undefined);
  // Every runtime file is fetched from under modelBaseUrl, through the caching fetch (model-fetch.ts).
  const env: LoadEnv = { locate: (path) => config.modelBaseUrl + path, tfjsBackend: selecting.then((chosen) => chosen.name) };
  const loaded = await loadAnalyzers(config.analyzers, env, config.modelBaseUrl, onModelSettled);
  watchContextLoss(() => (contextLost = true));
  return loaded;
}

/**
 * After a WebGL context loss, the tfjs models (their weights lived in that context) are reloaded on the next
 * backend in the chain, WebGL excluded; the others (tesseract runs on its own wasm) are kept.
 */
async function recoverFromContextLoss(config: WorkerConfig): Promise<void> {
  contextLost = false;
  await disposeAnalyzers(analyzers, (spec) => !spec.tfjs);
  const reloaded = await loadTfjsAndModels({ ...config, analyzers: tfjsOnly(config.analyzers) }, ['webgl']);
  const kept = Object.fromEntries(Object.entries(analyzers).filter(([name]) => !specOf(name as AnalyzerName).tfjs));
  analyzers = { ...kept, ...reloaded.analyzers };
  failures = [...failures.filter((failure) => !specOf(failure.analyzer).tfjs), ...reloaded.failures];
}

function diagnostics(): GuardDiagnostics {
  const { numTensors, numBytes, numDataBuffers } = tf.memory();
  return {
    backend: selected?.name ?? null,
    backendOrder: selected?.order ?? [],
    device: selected?.facts ?? null,
    tfMemory: { numTensors, numBytes, numDataBuffers },
    memory: workerMemory(),
  };
}

/** The wasm backend keeps its Emscripten module on `wasm`. */
function workerMemory(): WorkerMemory {
  const wasm = selected?.name === 'wasm' ? (tf.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
  return { wasmHeapBytes: wasm?.HEAPU8?.byteLength ?? null };
}

async function analyze(bytes: Uint8Array, knownHash: string | undefined): Promise<WorkerEvidence> {
  const config = workerConfig;
  if (!config) throw new ImageGuardError('analysis_failed', 'The analysis worker was used before it was started.');
  if (contextLost) await recoverFromContextLoss(config);
  try {
    const evidence = await analyzeOnce(bytes, config, knownHash);
    if (!contextLost) return evidence;
  } catch (error) {
    if (!contextLost) throw error;
  }
  // The context was lost mid-analysis, so the tfjs results cannot be trusted: analyse again on the next backend.
  await recoverFromContextLoss(config);
  return analyzeOnce(bytes, config, knownHash);
}

function analyzeOnce(bytes: Uint8Array, config: WorkerConfig, knownHash: string | undefined): Promise<WorkerEvidence> {
  return analyzeImage(bytes, {
    limits: config.limits,
    knownHash,
    decode: decodeImage,
    analyzers,
    failures,
    backend: selected?.name ?? null,
  });
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
