import { wrap, releaseProxy, transfer, type Remote } from 'comlink';
import { ImageGuardError, abortError } from './errors.js';
import { checkBytes, resolveLimits } from './input/probe.js';
import { readInput } from './input/read.js';
import { resolveObjectsOptions } from './analyzers/objects/options.js';
import { resolvePolicy } from './policy/resolve.js';
import { assetPaths, resolveModelBaseUrl } from './runtime/asset-paths.js';
import type { AnalysisWorkerApi, WorkerConfig, WorkerResult } from './runtime/protocol.js';
import { buildVerdict } from './verdict/build.js';
import type { GuardOptions, ImageGuard, ModerateOptions, ModerationInput, NsfwAnalyzerOptions } from './options.js';
import type { Policy } from './policy/types.js';
import type { Verdict } from './verdict/types.js';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Creates a guard: starts its own analysis worker, picks the tfjs backend and loads (and warms) the enabled
 * models (NSFW, and tesseract.js for text), so the first `moderate` call is as fast as the rest. A model that cannot load does not fail the guard:
 * each verdict then records it and the policy's `onModelError` decides. Rejects with 'invalid_options' for bad
 * options and 'analysis_failed' when the worker itself cannot start.
 */
export async function createImageGuard(options: GuardOptions = {}): Promise<ImageGuard> {
  const policy = resolvePolicy(options.policy);
  const timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const modelBaseUrl = resolveModelBaseUrl(options.modelBaseUrl);
  const config: WorkerConfig = {
    modelBaseUrl,
    backend: options.backend ?? 'auto',
    analyzers: {
      nsfw: nsfwConfig(options.analyzers?.nsfw),
      faces: options.analyzers?.faces !== false,
      // Every tesseract.js path is set: each one left out defaults to a CDN.
      text:
        options.analyzers?.text === false
          ? null
          : {
              workerPath: modelBaseUrl + assetPaths.tesseractWorker,
              corePath: modelBaseUrl + assetPaths.tesseractCoreFolder,
              langPath: modelBaseUrl + assetPaths.tesseractLangFolder,
            },
      objects: resolveObjectsOptions(options.analyzers?.objects),
      quality: options.analyzers?.quality !== false,
    },
    limits: resolveLimits(options.limits),
  };
  const guard = new Guard(config, policy, timeoutMs, options.onProgress);
  await guard.ready();
  return guard;
}

function checkTimeout(timeoutMs: number): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ImageGuardError('invalid_options', `timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  return timeoutMs;
}

function nsfwConfig(option: boolean | NsfwAnalyzerOptions | undefined): WorkerConfig['analyzers']['nsfw'] {
  if (option === false) return null;
  return { model: (typeof option === 'object' && option.model) || 'mobilenet_v2' };
}

class Guard implements ImageGuard {
  #config: WorkerConfig;
  #policy: Policy;
  #timeoutMs: number;
  #onProgress: GuardOptions['onProgress'];
  /** The live worker; null after a timeout or a crash, so the next call starts a fresh one. */
  #connection: Promise<WorkerConnection> | null = null;
  /** One image at a time: the worker has one tfjs engine, and a queued call that is aborted never starts. */
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;

  constructor(config: WorkerConfig, policy: Policy, timeoutMs: number, onProgress: GuardOptions['onProgress']) {
    this.#config = config;
    this.#policy = policy;
    this.#timeoutMs = timeoutMs;
    this.#onProgress = onProgress;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  async ready(): Promise<void> {
    await this.#connected();
  }

  moderate(input: ModerationInput, options: ModerateOptions = {}): Promise<Verdict> {
    if (this.#disposed) return Promise.reject(disposedError());
    const run = this.#queue.then(() => this.#moderateNow(input, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #moderateNow(input: ModerationInput, options: ModerateOptions): Promise<Verdict> {
    const { meta, actorId, signal, policy } = options;
    const started = performance.now();
    const callPolicy = policy === undefined ? this.#policy : resolvePolicy(policy);
    const timeoutMs = checkTimeout(options.timeoutMs ?? this.#timeoutMs);
    const check = () => {
      if (this.#disposed) throw disposedError();
      if (signal?.aborted) throw abortError();
    };
    check();
    // A File's size is known before reading it: a 2 GB file is refused without loading it into memory.
    if (typeof Blob !== 'undefined' && input instanceof Blob) checkBytes(input.size, this.#config.limits);
    const bytes = await readInput(input, signal);
    check();
    const connection = await this.#connected();
    check();
    this.#onProgress?.({ phase: 'analyzing', stage: 'decode' });
    let evidence;
    try {
      evidence = await connection.call((api) => api.analyze(transfer(bytes, [bytes.buffer])), signal, timeoutMs);
    } catch (error) {
      // A worker that timed out may still be spinning, and a dead one cannot answer: the next image gets a new one.
      if (connection.dead || (error instanceof ImageGuardError && error.code === 'timeout')) this.#dropConnection();
      throw error;
    }
    check();
    return buildVerdict(
      {
        ...evidence,
        timings: roundTimings({ ...evidence.timings, totalMs: performance.now() - started }),
      },
      callPolicy,
      { meta, ...(actorId === undefined ? {} : { actorId }) },
    );
  }

  #connected(): Promise<WorkerConnection> {
    if (!this.#connection) {
      const starting = this.#start();
      this.#connection = starting;
      starting.catch(() => {
        if (this.#connection === starting) this.#connection = null;
      });
    }
    return this.#connection;
  }

  async #start(): Promise<WorkerConnection> {
    const worker = new Worker(new URL('./runtime/worker.ts', import.meta.url), { type: 'module', name: 'image-guard-kit' });
    const connection = new WorkerConnection(worker);
    try {
      if (this.#config.analyzers.nsfw) this.#onProgress?.({ phase: 'model-loading', model: 'nsfw' });
      if (this.#config.analyzers.faces) this.#onProgress?.({ phase: 'model-loading', model: 'faces' });
      if (this.#config.analyzers.text) this.#onProgress?.({ phase: 'model-loading', model: 'text' });
      if (this.#config.analyzers.objects) this.#onProgress?.({ phase: 'model-loading', model: 'objects' });
      const ready = await connection.call((api) => api.init(this.#config));
      for (const model of ready.models) {
        this.#onProgress?.({ phase: 'model-ready', model: model.name, backend: model.backend, ms: model.ms });
      }
      for (const failure of ready.failures) {
        this.#onProgress?.({ phase: 'model-failed', model: failure.analyzer, message: failure.message });
      }
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  #dropConnection(): void {
    const connection = this.#connection;
    this.#connection = null;
    void connection?.then((live) => live.close(), () => undefined);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#dropConnection();
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
 * an out-of-memory kill, terminate()), so every call also races the worker's failure, the caller's signal and a
 * time limit.
 */
class WorkerConnection {
  #worker: Worker;
  #api: Remote<AnalysisWorkerApi>;
  #failure: Promise<never>;
  #fail!: (error: ImageGuardError) => void;
  dead = false;

  constructor(worker: Worker) {
    this.#worker = worker;
    this.#api = wrap<AnalysisWorkerApi>(worker);
    this.#failure = new Promise<never>((_, reject) => {
      this.#fail = (error) => {
        this.dead = true;
        reject(error);
      };
    });
    this.#failure.catch(() => undefined);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#fail(
        new ImageGuardError('analysis_failed', `The analysis worker stopped: ${event.message || 'it could not start'}.`),
      );
    });
  }

  async call<T>(
    invoke: (api: Remote<AnalysisWorkerApi>) => Promise<WorkerResult<T>>,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<T> {
    const aborted = signal ? abortPromise(signal) : undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut =
      timeoutMs === undefined
        ? undefined
        : new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new ImageGuardError(
                    'timeout',
                    `Checking this image took longer than ${Math.round(timeoutMs / 1000)} s, so it was stopped.`,
                  ),
                ),
              timeoutMs,
            );
          });
    try {
      const contenders = [invoke(this.#api), this.#failure, ...(aborted ? [aborted.promise] : []), ...(timedOut ? [timedOut] : [])];
      const result = await Promise.race(contenders);
      if (!result.ok) throw ImageGuardError.fromJSON(result.error);
      return result.value;
    } finally {
      aborted?.release();
      clearTimeout(timer);
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
