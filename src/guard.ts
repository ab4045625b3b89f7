import { wrap, releaseProxy, transfer, type Remote } from 'comlink';
import { ImageGuardError, abortError } from './errors.js';
import { readInput } from './input/read.js';
import { resolvePolicy } from './policy/resolve.js';
import { resolveModelBaseUrl } from './runtime/asset-paths.js';
import type { AnalysisWorkerApi, WorkerConfig, WorkerResult } from './runtime/protocol.js';
import { buildVerdict } from './verdict/build.js';
import type { GuardOptions, ImageGuard, ModerateOptions, ModerationInput, NsfwAnalyzerOptions } from './options.js';
import type { Policy } from './policy/types.js';
import type { Verdict } from './verdict/types.js';

/**
 * Creates a guard: starts its own analysis worker, picks the tfjs backend and loads (and warms) the enabled
 * models, so the first `moderate` call is as fast as the rest. Rejects with code 'model_load_failed' when a
 * model cannot be fetched, and 'invalid_options' for a bad policy.
 */
export async function createImageGuard(options: GuardOptions = {}): Promise<ImageGuard> {
  const policy = resolvePolicy(options.policy);
  const config: WorkerConfig = {
    modelBaseUrl: resolveModelBaseUrl(options.modelBaseUrl),
    backend: options.backend ?? 'auto',
    analyzers: { nsfw: nsfwConfig(options.analyzers?.nsfw), faces: options.analyzers?.faces !== false },
  };
  const worker = new Worker(new URL('./runtime/worker.ts', import.meta.url), {
    type: 'module',
    name: 'image-guard-kit',
  });
  const connection = new WorkerConnection(worker);
  try {
    if (config.analyzers.nsfw) options.onProgress?.({ phase: 'model-loading', model: 'nsfw' });
    if (config.analyzers.faces) options.onProgress?.({ phase: 'model-loading', model: 'faces' });
    const ready = await connection.call((api) => api.init(config));
    for (const model of ready.models) {
      options.onProgress?.({ phase: 'model-ready', model: model.name, backend: ready.backend, ms: model.ms });
    }
  } catch (error) {
    connection.close();
    throw error;
  }
  return new Guard(connection, policy, options);
}

function nsfwConfig(option: boolean | NsfwAnalyzerOptions | undefined): WorkerConfig['analyzers']['nsfw'] {
  if (option === false) return null;
  return { model: (typeof option === 'object' && option.model) || 'mobilenet_v2' };
}

class Guard implements ImageGuard {
  #connection: WorkerConnection;
  #policy: Policy;
  #options: GuardOptions;
  /** One image at a time: the worker has one tfjs engine, and a queued call that is aborted never starts. */
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;

  constructor(connection: WorkerConnection, policy: Policy, options: GuardOptions) {
    this.#connection = connection;
    this.#policy = policy;
    this.#options = options;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  moderate(input: ModerationInput, options: ModerateOptions = {}): Promise<Verdict> {
    if (this.#disposed) return Promise.reject(disposedError());
    const run = this.#queue.then(() => this.#moderateNow(input, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #moderateNow(input: ModerationInput, { meta, actorId, signal, policy }: ModerateOptions): Promise<Verdict> {
    const started = performance.now();
    const callPolicy = policy === undefined ? this.#policy : resolvePolicy(policy);
    const check = () => {
      if (this.#disposed) throw disposedError();
      if (signal?.aborted) throw abortError();
    };
    check();
    const bytes = await readInput(input, signal);
    check();
    this.#options.onProgress?.({ phase: 'analyzing', stage: 'decode' });
    const evidence = await this.#connection.call((api) => api.analyze(transfer(bytes, [bytes.buffer])), signal);
    check();
    return buildVerdict(
      {
        ...evidence,
        text: null,
        timings: roundTimings({ ...evidence.timings, totalMs: performance.now() - started }),
      },
      callPolicy,
      { meta, ...(actorId === undefined ? {} : { actorId }) },
    );
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#connection.close();
  }
}

/** Sub-millisecond digits are noise from the timer, not information. */
function roundTimings<T extends Record<string, number>>(timings: T): T {
  return Object.fromEntries(Object.entries(timings).map(([stage, ms]) => [stage, Math.round(ms * 10) / 10])) as T;
}

function disposedError(): ImageGuardError {
  return new ImageGuardError('disposed', 'This image guard was disposed; create a new one with createImageGuard().');
}

/**
 * The comlink link to one worker. Comlink alone would leave a call pending forever if the worker dies (a crash,
 * an out-of-memory kill, terminate()), so every call also races the worker's failure and the caller's signal.
 */
class WorkerConnection {
  #worker: Worker;
  #api: Remote<AnalysisWorkerApi>;
  #failure: Promise<never>;
  #fail!: (error: ImageGuardError) => void;

  constructor(worker: Worker) {
    this.#worker = worker;
    this.#api = wrap<AnalysisWorkerApi>(worker);
    this.#failure = new Promise<never>((_, reject) => {
      this.#fail = reject;
    });
    this.#failure.catch(() => undefined);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#fail(
        new ImageGuardError('analysis_failed', `The analysis worker stopped: ${event.message || 'it could not start'}.`),
      );
    });
  }

  async call<T>(invoke: (api: Remote<AnalysisWorkerApi>) => Promise<WorkerResult<T>>, signal?: AbortSignal): Promise<T> {
    const aborted = signal ? abortPromise(signal) : undefined;
    try {
      const contenders = [invoke(this.#api), this.#failure, ...(aborted ? [aborted.promise] : [])];
      const result = await Promise.race(contenders);
      if (!result.ok) throw ImageGuardError.fromJSON(result.error);
      return result.value;
    } finally {
      aborted?.release();
    }
  }

  close(): void {
    this.#fail(new ImageGuardError('disposed', 'This image guard was disposed while an image was being checked.'));
    this.#api[releaseProxy]();
    this.#worker.terminate();
  }
}

/** A promise that rejects when the signal aborts, and a way to stop listening once the call is over. */
function abortPromise(signal: AbortSignal): { promise: Promise<never>; release: () => void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, release: () => signal.removeEventListener('abort', onAbort) };
}
