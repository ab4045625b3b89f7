import { version } from '../package.json';
import { resolveGuardOptions } from './config/resolve.js';
import { EvidenceCache } from './cache/store.js';
import { modelCacheName } from './runtime/model-fetch.js';
import type { WorkerConfig } from './runtime/protocol.js';
import { createGuardWith } from './guard/guard.js';
import { comlinkLink } from './guard/worker-link.js';
import type { GuardOptions, ImageGuard } from './options.js';

/** diagnostics() reads a few numbers in the worker: a worker that cannot answer in this time is wedged. */
const DIAGNOSTICS_TIMEOUT_MS = 10_000;

/**
 * Creates a guard: starts its own analysis worker, picks the tfjs backend and loads (and warms) the enabled
 * models, so the first `moderate` call is as fast as the rest. A model that cannot load does not fail the guard:
 * each verdict then records it and the policy's `onModelError` decides. Rejects with 'invalid_options' for bad
 * options, 'timeout' when the models are not ready within `initTimeoutMs`, and 'analysis_failed' when the worker
 * itself cannot start.
 */
export async function createImageGuard(options: GuardOptions = {}): Promise<ImageGuard> {
  const resolved = resolveGuardOptions(options);
  const config: WorkerConfig = {
    modelBaseUrl: resolved.modelBaseUrl,
    backend: resolved.backend,
    modelCache: resolved.cacheModels ? modelCacheName(version) : null,
    analyzers: resolved.analyzers,
    limits: resolved.limits,
  };
  return createGuardWith(
    { startWorker: startAnalysisWorker, openCache: (settings) => EvidenceCache.open(settings) },
    {
      config,
      policy: resolved.policy,
      timeoutMs: resolved.timeoutMs,
      initTimeoutMs: resolved.initTimeoutMs,
      diagnosticsTimeoutMs: DIAGNOSTICS_TIMEOUT_MS,
      urls: { timeoutMs: resolved.fetchTimeoutMs, credentials: resolved.fetchCredentials },
      cache: resolved.cache,
      onProgress: resolved.onProgress,
    },
  );
}

/** Written out here, as one expression, so Vite and scripts/build-lib.mjs find and bundle the worker. */
function startAnalysisWorker() {
  return comlinkLink(new Worker(new URL('./runtime/worker.ts', import.meta.url), { type: 'module', name: 'image-guard-kit' }));
}
