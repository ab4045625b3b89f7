import { version } from '../package.json';
import { resolveCacheOptions } from './cache/options.js';
import { EvidenceCache } from './cache/store.js';
import { ImageGuardError } from './errors.js';
import { resolveLimits } from './input/probe.js';
import { DEFAULT_FETCH_TIMEOUT_MS } from './input/read.js';
import { resolvePolicy } from './policy/resolve.js';
import { analyzerConfig } from './runtime/analyzer-config.js';
import { assetPaths, resolveModelBaseUrl } from './runtime/asset-paths.js';
import { modelCacheName } from './runtime/model-fetch.js';
import type { WorkerConfig } from './runtime/protocol.js';
import { checkTimeout } from './guard/call-options.js';
import { createGuardWith } from './guard/guard.js';
import { comlinkLink } from './guard/worker-link.js';
import type { GuardOptions, ImageGuard } from './options.js';

const DEFAULT_TIMEOUT_MS = 60_000;
/** A first visit downloads about 30 MB of models: 15 s at 40 Mbit/s, so this allows a slow connection too. */
const DEFAULT_INIT_TIMEOUT_MS = 180_000;
/** diagnostics() reads a few numbers in the worker: a worker that cannot answer in this time is wedged. */
const DIAGNOSTICS_TIMEOUT_MS = 10_000;
const FETCH_CREDENTIALS: readonly RequestCredentials[] = ['omit', 'same-origin', 'include'];

/**
 * Creates a guard: starts its own analysis worker, picks the tfjs backend and loads (and warms) the enabled
 * models (NSFW, and tesseract.js for text), so the first `moderate` call is as fast as the rest. A model that cannot load does not fail the guard:
 * each verdict then records it and the policy's `onModelError` decides. Rejects with 'invalid_options' for bad
 * options, 'timeout' when the models are not ready within `initTimeoutMs`, and 'analysis_failed' when the worker
 * itself cannot start.
 */
export async function createImageGuard(options: GuardOptions = {}): Promise<ImageGuard> {
  const policy = resolvePolicy(options.policy);
  const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const initTimeoutMs = checkTimeout('initTimeoutMs', options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS);
  const fetchTimeoutMs = checkTimeout('fetchTimeoutMs', options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS);
  const credentials = options.fetchCredentials ?? 'omit';
  if (!FETCH_CREDENTIALS.includes(credentials)) {
    throw new ImageGuardError(
      'invalid_options',
      `fetchCredentials must be 'omit', 'same-origin' or 'include', got ${JSON.stringify(credentials)}`,
    );
  }
  const modelBaseUrl = resolveModelBaseUrl(options.modelBaseUrl);
  const config: WorkerConfig = {
    modelBaseUrl,
    backend: options.backend ?? 'auto',
    modelCache: options.cacheModels === false ? null : modelCacheName(version),
    // Every tesseract.js path is set: each one left out defaults to a CDN.
    analyzers: analyzerConfig(options.analyzers, {
      workerPath: modelBaseUrl + assetPaths.tesseractWorker,
      corePath: modelBaseUrl + assetPaths.tesseractCoreFolder,
      langPath: modelBaseUrl + assetPaths.tesseractLangFolder,
    }),
    limits: resolveLimits(options.limits),
  };
  return createGuardWith(
    { startWorker: startAnalysisWorker, openCache: (settings) => EvidenceCache.open(settings) },
    {
      config,
      policy,
      timeoutMs,
      initTimeoutMs,
      diagnosticsTimeoutMs: DIAGNOSTICS_TIMEOUT_MS,
      urls: { timeoutMs: fetchTimeoutMs, credentials },
      cache: resolveCacheOptions(options.cache),
      onProgress: options.onProgress,
    },
  );
}

/** Written out here, as one expression, so Vite and scripts/build-lib.mjs find and bundle the worker. */
function startAnalysisWorker() {
  return comlinkLink(new Worker(new URL('./runtime/worker.ts', import.meta.url), { type: 'module', name: 'image-guard-kit' }));
}
