import { proxy, releaseProxy, transfer, wrap } from 'comlink';
import { ImageGuardError } from '../errors.js';
import type { AnalysisWorkerApi } from '../runtime/protocol.js';

/**
 * One analysis worker as the guard drives it: its API, its death, and a way to end it. The guard never names
 * `Worker` or comlink, so its queue, abort and time-limit logic runs in Node tests against a fake worker.
 */
export interface WorkerLink {
  readonly api: AnalysisWorkerApi;
  /** `listener` hears of the worker dying on its own (a crash, out of memory, a script that failed to load). */
  onDeath(listener: (error: ImageGuardError) => void): void;
  /** Ends the worker at once: whatever it was running stops with it. */
  terminate(): void;
}

/** Starts a fresh analysis worker; the guard calls it at start and again after replacing a worker. */
export type StartWorker = () => WorkerLink;

/** The browser's link: a module worker spoken to through comlink (callbacks proxied, image bytes transferred). */
export function comlinkLink(worker: Worker): WorkerLink {
  const remote = wrap<AnalysisWorkerApi>(worker);
  return {
    api: {
      init: (config, onFileProgress, onModelSettled) => remote.init(config, proxy(onFileProgress), proxy(onModelSettled)),
      analyze: (bytes, hash) => remote.analyze(transfer(bytes, [bytes.buffer]), hash),
      diagnostics: () => remote.diagnostics(),
    },
    onDeath(listener) {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        listener(
          new ImageGuardError('analysis_failed', `The analysis worker stopped: ${event.message || 'it could not start'}.`),
        );
      });
    },
    terminate() {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}
