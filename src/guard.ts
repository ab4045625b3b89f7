import { proxy, wrap, releaseProxy, transfer, type Remote } from 'comlink';
import { bytesToHex } from '@noble/hashes/utils.js';
import { version } from '../package.json';
import { DEFAULT_BATCH_CONCURRENCY, checkConcurrency, mapInOrder } from './batch.js';
import { cacheKey, evidenceFingerprint } from './cache/key.js';
import type { CacheSettings } from './cache/options.js';
import { EvidenceCache, type CachedEvidence } from './cache/store.js';
import { ImageGuardError, abortError } from './errors.js';
import { sha256Hex } from './input/hash.js';
import { checkBytes } from './input/probe.js';
import { readInput } from './input/read.js';
import { resolvePolicy } from './policy/resolve.js';
import { analyzerOfFile, analyzerSpecs } from './analyzers/registry.js';
import { checkTimeoutMs, resolveGuardOptions } from './config/resolve.js';
import { modelCacheName, type FileProgress } from './runtime/model-fetch.js';
import type { AnalysisWorkerApi, WorkerConfig, WorkerEvidence, WorkerResult } from './runtime/protocol.js';
import { finishVerdict } from './verdict/finish.js';
import type {
  BatchEntry,
  BatchItem,
  BatchOptions,
  GuardDiagnostics,
  GuardOptions,
  ImageGuard,
  ModerateOptions,
  ModerationInput,
  ModerationTask,
} from './options.js';
import type { Policy } from './policy/types.js';
import type { Verdict } from './verdict/types.js';

/** Settled deferred tasks kept for `status(id)`; the oldest are forgotten first. */
const MAX_SETTLED_TASKS = 1_000;

/**
 * Creates a guard: starts its own analysis worker, picks the tfjs backend and loads (and warms) the enabled
 * models (NSFW, and tesseract.js for text), so the first `moderate` call is as fast as the rest. A model that cannot load does not fail the guard:
 * each verdict then records it and the policy's `onModelError` decides. Rejects with 'invalid_options' for bad
 * options and 'analysis_failed' when the worker itself cannot start.
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
  const guard = new Guard(config, resolved.policy, resolved.timeoutMs, resolved.cache, resolved.onProgress);
  await guard.ready();
  return guard;
}

/** One call's options, checked up front so a bad option rejects at once, even for a deferred call. */
interface Call {
  policy: Policy;
  timeoutMs: number;
  meta: unknown;
  actorId: string | undefined;
  signal: AbortSignal | undefined;
  /** Absolute http(s) URL, or null. */
  callbackUrl: string | null;
}

type SettledTask = Extract<ModerationTask, { status: 'completed' | 'failed' }>;

/** What the cache said about one image: its key, and the evidence when it was there. */
interface Lookup {
  hash: string;
  key: string;
  evidence: CachedEvidence | null;
  timings: { hashMs: number; cacheMs: number };
}

class Guard implements ImageGuard {
  #config: WorkerConfig;
  #policy: Policy;
  #timeoutMs: number;
  #onProgress: GuardOptions['onProgress'];
  /** The live worker; null after a timeout or a crash, so the next call starts a fresh one. */
  #connection: Promise<WorkerConnection> | null = null;
  /**
   * One analysis at a time: the worker has one tfjs engine, and a queued call that is aborted never starts.
   * Reading, hashing and cache lookups run before a call joins it, so they overlap with the analysis ahead.
   */
  #queue: Promise<unknown> = Promise.resolve();
  /** Resolves to null when the cache is off or unavailable. */
  #cache: Promise<EvidenceCache | null>;
  #pendingTasks = new Map<string, ModerationTask>();
  /** In the order they settled, so the oldest is forgotten first. */
  #settledTasks = new Map<string, SettledTask>();
  #disposed = false;

  constructor(
    config: WorkerConfig,
    policy: Policy,
    timeoutMs: number,
    cache: CacheSettings | null,
    onProgress: GuardOptions['onProgress'],
  ) {
    this.#config = config;
    this.#policy = policy;
    this.#timeoutMs = timeoutMs;
    this.#onProgress = onProgress;
    this.#cache = cache ? EvidenceCache.open(cache) : Promise.resolve(null);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The cache opens meanwhile; the first call waits for it, so a slow IndexedDB never delays the guard itself. */
  async ready(): Promise<void> {
    await this.#connected();
  }

  moderate(input: ModerationInput, options?: ModerateOptions & { defer?: false }): Promise<Verdict>;
  moderate(input: ModerationInput, options: ModerateOptions & { defer: true }): Promise<ModerationTask>;
  moderate(input: ModerationInput, options?: ModerateOptions): Promise<Verdict | ModerationTask>;
  moderate(input: ModerationInput, options: ModerateOptions = {}): Promise<Verdict | ModerationTask> {
    if (this.#disposed) return Promise.reject(disposedError());
    let call: Call;
    try {
      call = this.#callFor(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return options.defer ? Promise.resolve(this.#defer(input, call)) : this.#moderateAndReport(input, call, taskId());
  }

  diagnostics(): Promise<GuardDiagnostics> {
    if (this.#disposed) return Promise.reject(disposedError());
    const run = this.#queue.then(async () => (await this.#connected()).call((api) => api.diagnostics()));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async moderateBatch(entries: readonly BatchEntry[], options: BatchOptions = {}): Promise<BatchItem[]> {
    if (!Array.isArray(entries)) {
      throw new ImageGuardError('invalid_input', 'moderateBatch() takes an array of inputs.');
    }
    const concurrency = checkConcurrency(options.concurrency ?? DEFAULT_BATCH_CONCURRENCY);
    const batch = this.#callFor(options);
    const total = entries.length;
    return mapInOrder(
      total,
      concurrency,
      async (index): Promise<BatchItem> => {
        try {
          const entry = entries[index]!;
          const own = isEntryObject(entry);
          const call = own
            ? { ...batch, meta: entry.meta !== undefined ? entry.meta : batch.meta, actorId: entry.actorId ?? batch.actorId }
            : batch;
          return { status: 'ok', verdict: await this.#moderateAndReport(own ? entry.input : entry, call, taskId()) };
        } catch (error) {
          return { status: 'error', error: asGuardError(error) };
        }
      },
      (index, item, done) => {
        try {
          options.onProgress?.({ ...item, index, done, total });
        } catch (error) {
          // The page's callback failing must not lose the batch; the error still reaches the console.
          queueMicrotask(() => {
            throw error;
          });
        }
      },
    );
  }

  status(id: string): ModerationTask | undefined {
    return this.#pendingTasks.get(id) ?? this.#settledTasks.get(id);
  }

  async clearCache(): Promise<void> {
    if (this.#disposed) throw disposedError();
    await (await this.#cache)?.clear();
  }

  #callFor(options: ModerateOptions): Call {
    return {
      policy: options.policy === undefined ? this.#policy : resolvePolicy(options.policy),
      timeoutMs: checkTimeoutMs(options.timeoutMs ?? this.#timeoutMs, 'timeoutMs'),
      meta: options.meta,
      actorId: options.actorId,
      signal: options.signal,
      callbackUrl: checkCallbackUrl(options.callbackUrl),
    };
  }

  /** Tasks are replaced, never changed in place, so a snapshot a caller holds stays as it was. */
  #defer(input: ModerationInput, call: Call): ModerationTask {
    const id = taskId();
    const pending: ModerationTask = { id, status: 'pending' };
    this.#pendingTasks.set(id, pending);
    const settle = (task: SettledTask) => {
      this.#pendingTasks.delete(id);
      this.#settledTasks.set(id, task);
      if (this.#settledTasks.size > MAX_SETTLED_TASKS) this.#settledTasks.delete(this.#settledTasks.keys().next().value!);
    };
    this.#moderateAndReport(input, call, id, () => this.#pendingTasks.set(id, { id, status: 'processing' })).then(
      (verdict) => settle({ id, status: 'completed', verdict }),
      (error: ImageGuardError) => settle({ id, status: 'failed', error }),
    );
    return pending;
  }

  /** Moderates, and POSTs the outcome to the call's callbackUrl, whichever it is. Rejects with ImageGuardErrors only. */
  async #moderateAndReport(input: ModerationInput, call: Call, id: string, onProcessing?: () => void): Promise<Verdict> {
    try {
      const verdict = await this.#moderateNow(input, call, onProcessing);
      this.#postCallback(call, { id, status: 'completed', verdict });
      return verdict;
    } catch (error) {
      const failure = asGuardError(error);
      this.#postCallback(call, { id, status: 'failed', error: failure });
      throw failure;
    }
  }

  async #moderateNow(input: ModerationInput, call: Call, onProcessing?: () => void): Promise<Verdict> {
    const started = performance.now();
    const check = () => {
      if (this.#disposed) throw disposedError();
      if (call.signal?.aborted) throw abortError();
    };
    check();
    // A File's size is known before reading it: a 2 GB file is refused without loading it into memory.
    if (typeof Blob !== 'undefined' && input instanceof Blob) checkBytes(input.size, this.#config.limits);
    const bytes = await readInput(input, call.signal);
    check();
    const cache = await this.#cache;
    const lookup = cache ? await this.#lookUp(cache, bytes) : null;
    check();
    if (lookup?.evidence) {
      return this.#verdict({ ...lookup.evidence, timings: lookup.timings }, started, call, true);
    }
    const evidence = await this.#enqueue(() => this.#analyze(bytes, lookup?.hash, call, onProcessing));
    // Evidence missing an analyzer (a model that failed to load) is not kept: the next guard may load it.
    if (cache && lookup && evidence.errors.length === 0) {
      const { timings: _timings, ...stored } = evidence;
      await cache.put(lookup.key, stored);
    }
    return this.#verdict({ ...evidence, timings: { ...evidence.timings, ...lookup?.timings } }, started, call, false);
  }

  /** Hashed here (WebCrypto, off this thread in practice) so a hit never waits for the worker's queue. */
  async #lookUp(cache: EvidenceCache, bytes: Uint8Array): Promise<Lookup> {
    const { fingerprint } = await this.#connected();
    const hashStarted = performance.now();
    const hash = await sha256Hex(bytes);
    const cacheStarted = performance.now();
    const key = cacheKey(hash, fingerprint);
    const evidence = await cache.get(key);
    return { hash, key, evidence, timings: { hashMs: cacheStarted - hashStarted, cacheMs: performance.now() - cacheStarted } };
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #analyze(bytes: Uint8Array, hash: string | undefined, call: Call, onProcessing?: () => void): Promise<WorkerEvidence> {
    const check = () => {
      if (this.#disposed) throw disposedError();
      if (call.signal?.aborted) throw abortError();
    };
    check();
    const connection = await this.#connected();
    check();
    onProcessing?.();
    this.#onProgress?.({ phase: 'analyzing', stage: 'decode' });
    try {
      const evidence = await connection.call(
        (api) => api.analyze(transfer(bytes, [bytes.buffer]), hash),
        call.signal,
        call.timeoutMs,
      );
      check();
      return evidence;
    } catch (error) {
      // A worker that timed out may still be spinning, and a dead one cannot answer: the next image gets a new one.
      if (connection.dead || (error instanceof ImageGuardError && error.code === 'timeout')) this.#dropConnection();
      throw error;
    }
  }

  /** The verdict under this call's policy, with this call's meta, actorId and total time, cached or not. */
  #verdict(evidence: WorkerEvidence, started: number, call: Call, cached: boolean): Verdict {
    return finishVerdict(evidence, call.policy, call, performance.now() - started, cached);
  }

  /** Not awaited by the call: a slow or failing callback server neither delays nor fails moderation. */
  #postCallback(call: Call, task: SettledTask): void {
    const url = call.callbackUrl;
    if (!url) return;
    const report = (outcome: { ok: boolean; status: number | null; message?: string }) =>
      this.#onProgress?.({ phase: 'callback', id: task.id, url, ...outcome });
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(task) }).then(
      (response) =>
        report({ ok: response.ok, status: response.status, ...(response.ok ? {} : { message: `HTTP ${response.status}` }) }),
      (error: unknown) => report({ ok: false, status: null, message: error instanceof Error ? error.message : String(error) }),
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
      for (const spec of analyzerSpecs) {
        if (spec.model !== null && this.#config.analyzers[spec.name]) this.#onProgress?.({ phase: 'model-loading', model: spec.name });
      }
      const onFileProgress = proxy((file: FileProgress) =>
        this.#onProgress?.({ phase: 'model-loading', model: analyzerOfFile(file.file), ...file }),
      );
      const ready = await connection.call((api) => api.init(this.#config, onFileProgress));
      connection.fingerprint = evidenceFingerprint({
        library: version,
        worker: ready.scriptUrl,
        backend: ready.backend,
        analyzers: this.#config.analyzers,
        limits: this.#config.limits,
      });
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
    void this.#cache.then((cache) => cache?.close());
  }
}

function isEntryObject(entry: BatchEntry): entry is Extract<BatchEntry, { input: ModerationInput }> {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    !(entry instanceof ArrayBuffer) &&
    !ArrayBuffer.isView(entry) &&
    !(typeof Blob !== 'undefined' && entry instanceof Blob) &&
    'input' in entry
  );
}

function asGuardError(error: unknown): ImageGuardError {
  if (error instanceof ImageGuardError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ImageGuardError('analysis_failed', `The image could not be checked: ${detail}.`, { cause: error });
}

/** 128 random bits, hex: getRandomValues works on plain-http pages too, where randomUUID does not exist. */
function taskId(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
}

function checkCallbackUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  const base = typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url, base);
  } catch {
    // reported below with the other unusable URLs
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ImageGuardError('invalid_options', `callbackUrl must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return parsed.href;
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
  /** What analyses on this worker (cache/key.ts); set once it is ready. */
  fingerprint = '';

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
