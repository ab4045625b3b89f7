import { bytesToHex } from '@noble/hashes/utils.js';
import { DEFAULT_BATCH_CONCURRENCY, checkConcurrency, mapInOrder } from '../batch.js';
import { cacheKey } from '../cache/key.js';
import type { CacheSettings } from '../cache/options.js';
import type { EvidenceStore } from '../cache/store.js';
import { ImageGuardError, abortError } from '../errors.js';
import { sha256Hex } from '../input/hash.js';
import { checkBytes } from '../input/probe.js';
import { readInput, type UrlReading } from '../input/read.js';
import type {
  BatchEntry,
  BatchItem,
  BatchOptions,
  GuardDiagnostics,
  GuardProgress,
  ImageGuard,
  ModerateOptions,
  ModerationInput,
  ModerationTask,
} from '../options.js';
import { resolvePolicy } from '../policy/resolve.js';
import type { Policy } from '../policy/types.js';
import type { WorkerConfig, WorkerEvidence } from '../runtime/protocol.js';
import { finishVerdict } from '../verdict/finish.js';
import type { Verdict } from '../verdict/types.js';
import { unlessAborted } from './abort.js';
import { checkCallbackUrl, checkCallOptions } from './call-options.js';
import { checkTimeoutMs } from '../config/resolve.js';
import { postCallback } from './callback.js';
import { Connection } from './connection.js';
import { OneAtATime } from './queue.js';
import { seconds, startConnection } from './start.js';
import { DeferredTasks, type SettledTask } from './tasks.js';
import type { StartWorker } from './worker-link.js';

/** What a guard is built from besides its options: the tests give fakes, `createImageGuard` the real ones. */
export interface GuardSeams {
  startWorker: StartWorker;
  /** Resolves to null when the store is unavailable (no IndexedDB, a refused open). */
  openCache: (settings: CacheSettings) => Promise<EvidenceStore | null>;
}

/** The guard's options, checked and with their defaults. */
export interface GuardSettings {
  config: WorkerConfig;
  policy: Policy;
  /** Per image (`timeoutMs`). */
  timeoutMs: number;
  /** Starting a worker: loading and warming its models (`initTimeoutMs`). */
  initTimeoutMs: number;
  /** One `diagnostics()` answer, once its turn came. */
  diagnosticsTimeoutMs: number;
  /** How URL inputs are downloaded (`fetchTimeoutMs`, `fetchCredentials`). */
  urls: Omit<UrlReading, 'maxBytes' | 'signal'>;
  cache: CacheSettings | null;
  onProgress: ((progress: GuardProgress) => void) | undefined;
}

/** Builds a guard on the given seams and resolves once its first worker is ready. */
export async function createGuardWith(seams: GuardSeams, settings: GuardSettings): Promise<ImageGuard> {
  const guard = new Guard(seams, settings);
  try {
    await guard.ready();
  } catch (error) {
    guard.dispose();
    throw error;
  }
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

/** What the cache said about one image: its key, and the evidence when it was there. */
interface Lookup {
  hash: string;
  key: string;
  evidence: Omit<WorkerEvidence, 'timings'> | null;
  timings: { hashMs: number; cacheMs: number };
}

class Guard implements ImageGuard {
  #seams: GuardSeams;
  #settings: GuardSettings;
  /** The worker in use, from its start on (so dispose can end one still loading); replaced once it is dead. */
  #current: Connection | null = null;
  /** Resolves to #current once its models are ready. */
  #ready: Promise<Connection> | null = null;
  /**
   * One analysis at a time. Reading, hashing and cache lookups run before a call takes its turn, so they overlap
   * with the analysis ahead.
   */
  #queue = new OneAtATime();
  /** Resolves to null when the cache is off or unavailable. */
  #cache: Promise<EvidenceStore | null>;
  #tasks = new DeferredTasks();
  #disposed = false;

  constructor(seams: GuardSeams, settings: GuardSettings) {
    this.#seams = seams;
    this.#settings = settings;
    this.#cache = settings.cache ? seams.openCache(settings.cache).catch(() => null) : Promise.resolve(null);
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
      checkCallOptions(options, 'moderate');
      call = this.#callFor(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return options.defer ? Promise.resolve(this.#defer(input, call)) : this.#moderateAndReport(input, call, taskId());
  }

  /** Waits its turn behind the analyses queued before it, so what it reads is the state they left. */
  async diagnostics(): Promise<GuardDiagnostics> {
    if (this.#disposed) throw disposedError();
    const endTurn = await this.#queue.turn();
    try {
      const connection = await this.#connected();
      const limitMs = this.#settings.diagnosticsTimeoutMs;
      return await connection.call((api) => api.diagnostics(), {
        ms: limitMs,
        message: () => `The analysis worker did not answer diagnostics() within ${seconds(limitMs)}, so it was replaced.`,
      });
    } finally {
      endTurn();
    }
  }

  async moderateBatch(entries: readonly BatchEntry[], options: BatchOptions = {}): Promise<BatchItem[]> {
    if (!Array.isArray(entries)) {
      throw new ImageGuardError('invalid_input', 'moderateBatch() takes an array of inputs.');
    }
    checkCallOptions(options, 'moderateBatch');
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
    return this.#tasks.get(id);
  }

  async clearCache(): Promise<void> {
    if (this.#disposed) throw disposedError();
    await (await this.#cache)?.clear();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#current?.close(new ImageGuardError('disposed', 'This image guard was disposed while an image was being checked.'));
    this.#current = null;
    this.#ready = null;
    void this.#cache.then((cache) => cache?.close());
  }

  #callFor(options: ModerateOptions): Call {
    return {
      policy: options.policy === undefined ? this.#settings.policy : resolvePolicy(options.policy),
      timeoutMs: checkTimeoutMs(options.timeoutMs ?? this.#settings.timeoutMs, 'timeoutMs'),
      meta: options.meta,
      actorId: options.actorId,
      signal: options.signal,
      callbackUrl: checkCallbackUrl(options.callbackUrl),
    };
  }

  #defer(input: ModerationInput, call: Call): ModerationTask {
    const id = taskId();
    const pending = this.#tasks.add(id);
    this.#moderateAndReport(input, call, id, () => this.#tasks.processing(id)).then(
      (verdict) => this.#tasks.settle({ id, status: 'completed', verdict }),
      (error: ImageGuardError) => this.#tasks.settle({ id, status: 'failed', error }),
    );
    return pending;
  }

  /** Moderates, and POSTs the outcome to the call's callbackUrl, whichever it is. Rejects with ImageGuardErrors only. */
  async #moderateAndReport(input: ModerationInput, call: Call, id: string, onProcessing?: () => void): Promise<Verdict> {
    try {
      const verdict = await this.#moderateNow(input, call, onProcessing);
      this.#report(call, { id, status: 'completed', verdict });
      return verdict;
    } catch (error) {
      const failure = asGuardError(error);
      this.#report(call, { id, status: 'failed', error: failure });
      throw failure;
    }
  }

  async #moderateNow(input: ModerationInput, call: Call, onProcessing?: () => void): Promise<Verdict> {
    const started = performance.now();
    const { limits } = this.#settings.config;
    this.#check(call);
    // A File's size is known before reading it: a 2 GB file is refused without loading it into memory.
    if (typeof Blob !== 'undefined' && input instanceof Blob) checkBytes(input.size, limits);
    const bytes = await readInput(input, { ...this.#settings.urls, maxBytes: limits.maxBytes, signal: call.signal });
    this.#check(call);
    const cache = await this.#cache;
    const lookup = cache ? await unlessAborted(this.#lookUp(cache, bytes), call.signal) : null;
    this.#check(call);
    if (lookup?.evidence) {
      return this.#verdict({ ...lookup.evidence, timings: lookup.timings }, started, call, true);
    }
    // An aborted call never gets here: #analyze rejected it at the abort, and its evidence is dropped.
    const evidence = await this.#analyze(bytes, lookup?.hash, call, onProcessing);
    // Evidence missing an analyzer (a model that failed to load) is not kept: the next guard may load it.
    if (cache && lookup && evidence.errors.length === 0) {
      const { timings: _timings, ...stored } = evidence;
      await cache.put(lookup.key, stored);
    }
    return this.#verdict({ ...evidence, timings: { ...evidence.timings, ...lookup?.timings } }, started, call, false);
  }

  /** Hashed here (WebCrypto, off this thread in practice) so a hit never waits for the worker's queue. */
  async #lookUp(cache: EvidenceStore, bytes: Uint8Array): Promise<Lookup> {
    const { fingerprint } = await this.#connected();
    const hashStarted = performance.now();
    const hash = await sha256Hex(bytes);
    const cacheStarted = performance.now();
    const key = cacheKey(hash, fingerprint);
    const evidence = await cache.get(key);
    return { hash, key, evidence, timings: { hashMs: cacheStarted - hashStarted, cacheMs: performance.now() - cacheStarted } };
  }

  /**
   * Runs one analysis in its turn. An abort rejects the caller at once, but the turn is held until the worker has
   * answered, run out of time or died, and the answer is discarded: the worker cannot be stopped mid-analysis,
   * and the next image run beside it would share its tfjs engine and its tesseract worker (whose settings and
   * recognition are two steps, so a reading could run under the other image's settings). Ending the worker
   * instead would make every abort (the element aborts on each re-check and removal) cost a reload of every
   * model; holding the turn costs the next image at most the rest of the aborted one's time limit.
   */
  async #analyze(bytes: Uint8Array, hash: string | undefined, call: Call, onProcessing?: () => void): Promise<WorkerEvidence> {
    const endTurn = await this.#queue.turn(call.signal);
    let analysis: Promise<WorkerEvidence> | null = null;
    try {
      this.#check(call);
      const connection = await unlessAborted(this.#connected(), call.signal);
      this.#check(call);
      onProcessing?.();
      this.#settings.onProgress?.({ phase: 'analyzing', stage: 'decode' });
      analysis = connection.call((api) => api.analyze(bytes, hash), {
        ms: call.timeoutMs,
        message: () =>
          `Checking this image took longer than ${seconds(call.timeoutMs)} (timeoutMs), so it was stopped; the next image gets a fresh worker.`,
      });
      analysis.then(endTurn, endTurn);
      return await unlessAborted(analysis, call.signal);
    } finally {
      if (!analysis) endTurn();
    }
  }

  /** The verdict under this call's policy, with this call's meta, actorId and total time, cached or not. */
  #verdict(evidence: WorkerEvidence, started: number, call: Call, cached: boolean): Verdict {
    return finishVerdict(evidence, call.policy, call, performance.now() - started, cached);
  }

  #report(call: Call, task: SettledTask): void {
    if (call.callbackUrl) postCallback(call.callbackUrl, task, (outcome) => this.#settings.onProgress?.(outcome));
  }

  #check(call: Call): void {
    if (this.#disposed) throw disposedError();
    if (call.signal?.aborted) throw abortError();
  }

  /** The ready worker; a dead one (crashed, timed out) is replaced here, so the next call gets a fresh one. */
  #connected(): Promise<Connection> {
    if (this.#disposed) return Promise.reject(disposedError());
    if (this.#current?.dead) {
      this.#current = null;
      this.#ready = null;
    }
    if (!this.#ready) {
      const connection = new Connection(this.#seams.startWorker());
      const { config, initTimeoutMs, onProgress } = this.#settings;
      const ready = startConnection(connection, config, initTimeoutMs, onProgress);
      this.#current = connection;
      this.#ready = ready;
      // A start that failed is forgotten, so the next call tries again.
      ready.catch(() => {
        if (this.#ready === ready) {
          this.#current = null;
          this.#ready = null;
        }
      });
    }
    return this.#ready;
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

function disposedError(): ImageGuardError {
  return new ImageGuardError('disposed', 'This image guard was disposed; create a new one with createImageGuard().');
}
