/// <reference lib="webworker" />
/**
 * The analysis worker: sniffing, hashing, decoding, resizing and every model run here, off the page's main
 * thread. Each guard owns one worker, hence its own tfjs engine and models: two guards never share state.
 */
import { expose } from 'comlink';
import { ImageGuardError } from '../errors.js';
import { createNsfwAnalyzer, type NsfwAnalyzer } from '../analyzers/nsfw/index.js';
import type { TextAnalyzer } from '../analyzers/text/index.js';
import { decodeImage, resizeToPixels } from '../input/decode.js';
import { sha256Hex } from '../input/hash.js';
import { sniffFormat } from '../input/sniff.js';
import { assetPaths } from './asset-paths.js';
import { selectBackend } from './backend.js';
import type { AnalysisWorkerApi, WorkerConfig, WorkerEvidence, WorkerReady, WorkerResult } from './protocol.js';

let nsfw: NsfwAnalyzer | null = null;
let text: TextAnalyzer | null = null;
let backend: string | null = null;

const api: AnalysisWorkerApi = {
  init: (config) => settle(() => init(config)),
  analyze: (bytes) => settle(() => analyze(bytes)),
};

async function init(config: WorkerConfig): Promise<WorkerReady> {
  // Both load at once: tesseract starts its own worker and fetches its files while tfjs loads the NSFW model.
  const [nsfwReady, textReady] = await Promise.allSettled([loadNsfw(config), loadText(config)]);
  // On failure the guard terminates this worker, and with it tesseract's nested worker: nothing to free here.
  if (nsfwReady.status === 'rejected') throw nsfwReady.reason;
  if (textReady.status === 'rejected') throw textReady.reason;
  const models = [nsfwReady.value, textReady.value].filter((model) => model !== null);
  return { models };
}

async function loadNsfw(config: WorkerConfig): Promise<WorkerReady['models'][number] | null> {
  try {
    backend = await selectBackend(config.backend, config.modelBaseUrl + assetPaths.tfjsWasmFolder);
    if (!config.analyzers.nsfw) return null;
    const started = performance.now();
    const name = config.analyzers.nsfw.model;
    nsfw = await createNsfwAnalyzer(config.modelBaseUrl + assetPaths.nsfwModel(name), name);
    return { name: 'nsfw', backend, ms: performance.now() - started };
  } catch (cause) {
    throw loadError('The NSFW model', config, cause);
  }
}

async function loadText(config: WorkerConfig): Promise<WorkerReady['models'][number] | null> {
  if (!config.analyzers.text) return null;
  const started = performance.now();
  try {
    // Imported only when the text analyzer is on: tesseract.js and the screening libraries stay unloaded otherwise.
    const { createTextAnalyzer } = await import('../analyzers/text/index.js');
    text = await createTextAnalyzer(config.analyzers.text);
    // tesseract.js-core is WebAssembly whatever tfjs uses.
    return { name: 'text', backend: 'wasm', ms: performance.now() - started };
  } catch (cause) {
    throw loadError('The OCR engine (tesseract.js)', config, cause);
  }
}

function loadError(what: string, config: WorkerConfig, cause: unknown): ImageGuardError {
  return new ImageGuardError(
    'model_load_failed',
    `${what} could not be loaded from ${config.modelBaseUrl} (${errorText(cause)}). ` +
      'Check that the model files are served there (the image-guard-kit Vite plugin does this).',
    { cause },
  );
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
    const analyzer = nsfw;
    const reader = text;
    // OCR runs in tesseract's own worker, so the NSFW model runs here meanwhile, on the other core.
    const [nsfwEvidence, textEvidence] = await Promise.all([
      analyzer
        ? time('nsfw', () => analyzer.analyze(resizeToPixels(bitmap, analyzer.inputSize, analyzer.inputSize, analyzer.sampling)))
        : null,
      reader ? time('text', () => reader.analyze(bitmap)) : null,
    ]);
    return { hash, image, nsfw: nsfwEvidence, text: textEvidence, timings, backend: nsfwEvidence ? backend : null };
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
