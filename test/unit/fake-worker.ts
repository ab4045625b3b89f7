/**
 * A fake analysis worker for the guard's unit tests: it answers `init`, `analyze` and `diagnostics` only when a test
 * tells it to, can die or stall, and counts how many analyses run at once across every worker it started, which
 * is what "one analysis at a time" must keep at 1.
 */
import { ImageGuardError } from '../../src/errors.js';
import type { CachedEvidence, EvidenceStore } from '../../src/cache/store.js';
import type { GuardSeams, GuardSettings } from '../../src/guard/guard.js';
import type { WorkerLink } from '../../src/guard/worker-link.js';
import type { ModelAnalyzerName } from '../../src/analyzers/registry.js';
import { resolveAnalyzers } from '../../src/config/resolve.js';
import { resolveLimits } from '../../src/input/probe.js';
import type { GuardDiagnostics } from '../../src/options.js';
import { resolvePolicy } from '../../src/policy/resolve.js';
import type { FileProgress } from '../../src/runtime/model-fetch.js';
import type { WorkerEvidence, WorkerReady, WorkerResult } from '../../src/runtime/protocol.js';

/** An analysis the guard sent: the image is told apart by its first byte. */
export interface PendingAnalysis {
  worker: FakeWorker;
  marker: number;
  answer(evidence?: WorkerEvidence): void;
  fail(code: ImageGuardError['code'], message: string): void;
}

export class FakeWorkers {
  readonly workers: FakeWorker[] = [];
  /** Every analysis the guard sent, in the order it sent them. */
  readonly sent: PendingAnalysis[] = [];
  running = 0;
  maxRunning = 0;
  /** How a new worker answers `init`: at once, or never (a model whose start-up stalls). */
  init: 'ready' | 'stall' = 'ready';
  /** Files and loaded models a stalling init reports before it stalls. */
  initFiles: FileProgress[] = [];
  initSettled: ModelAnalyzerName[] = [];
  diagnostics: 'answer' | 'stall' = 'answer';
  #waiting: ((analysis: PendingAnalysis) => void)[] = [];
  #unclaimed: PendingAnalysis[] = [];

  readonly start = (): WorkerLink => {
    const worker = new FakeWorker(this);
    this.workers.push(worker);
    return worker;
  };

  /** The next analysis the guard sends (or one it sent that no test claimed yet). */
  nextAnalysis(): Promise<PendingAnalysis> {
    const ready = this.#unclaimed.shift();
    return ready ? Promise.resolve(ready) : new Promise((resolve) => this.#waiting.push(resolve));
  }

  sentAnalysis(analysis: PendingAnalysis): void {
    this.sent.push(analysis);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const waiter = this.#waiting.shift();
    if (waiter) waiter(analysis);
    else this.#unclaimed.push(analysis);
  }
}

export class FakeWorker implements WorkerLink {
  terminated = false;
  #pool: FakeWorkers;
  #onDeath: ((error: ImageGuardError) => void) | null = null;
  /** Analyses this worker is running; they stop when it is terminated or dies. */
  #running = new Set<() => void>();

  constructor(pool: FakeWorkers) {
    this.#pool = pool;
  }

  readonly api = {
    init: (
      _config: unknown,
      onFileProgress: (progress: FileProgress) => void,
      onModelSettled: (name: ModelAnalyzerName) => void,
    ): Promise<WorkerResult<WorkerReady>> => {
      if (this.#pool.init === 'stall') {
        for (const file of this.#pool.initFiles) onFileProgress(file);
        for (const name of this.#pool.initSettled) onModelSettled(name);
        return new Promise(() => {});
      }
      return Promise.resolve({ ok: true, value: { models: [], failures: [], backend: 'fake', scriptUrl: 'fake-worker.js' } });
    },
    analyze: (bytes: Uint8Array): Promise<WorkerResult<WorkerEvidence>> =>
      new Promise((resolve) => {
        const marker = bytes[0]!;
        const stop = () => {
          if (this.#running.delete(stop)) this.#pool.running--;
        };
        this.#running.add(stop);
        this.#pool.sentAnalysis({
          worker: this,
          marker,
          answer: (evidence = evidenceFor(marker)) => {
            stop();
            resolve({ ok: true, value: evidence });
          },
          fail: (code, message) => {
            stop();
            resolve({ ok: false, error: { code, message } });
          },
        });
      }),
    diagnostics: (): Promise<WorkerResult<GuardDiagnostics>> =>
      this.#pool.diagnostics === 'stall'
        ? new Promise(() => {})
        : Promise.resolve({
            ok: true,
            value: { backend: 'fake', backendOrder: [], device: null, tfMemory: { numTensors: 0, numBytes: 0, numDataBuffers: 0 }, memory: { wasmHeapBytes: null } },
          }),
  };

  onDeath(listener: (error: ImageGuardError) => void): void {
    this.#onDeath = listener;
  }

  terminate(): void {
    this.terminated = true;
    for (const stop of [...this.#running]) stop();
  }

  /** The worker crashes: its analyses stop, and the guard hears of it as from a real worker's 'error' event. */
  die(): void {
    for (const stop of [...this.#running]) stop();
    this.#onDeath?.(new ImageGuardError('analysis_failed', 'The analysis worker stopped: out of memory.'));
  }
}

/** Evidence that names its image: the hash is the image's marker byte, repeated. */
export function evidenceFor(marker: number): WorkerEvidence {
  return {
    hash: marker.toString(16).padStart(2, '0').repeat(32),
    image: { width: 64, height: 64, format: 'png', mimeType: 'image/png', bytes: 100, frames: 1, sampledFrames: [0], truncated: false },
    nsfw: null,
    faces: null,
    text: null,
    metadata: { gps: null, camera: null },
    errors: [],
    timings: { decode: 1 },
    backend: null,
  };
}

/** An image the fake tells apart by its first byte. */
export function image(marker: number): Uint8Array {
  return new Uint8Array([marker, 1, 2, 3]);
}

/** An evidence cache in memory that records what was stored. */
export class MemoryStore implements EvidenceStore {
  readonly entries = new Map<string, CachedEvidence>();
  readonly stored: CachedEvidence[] = [];
  get = async (key: string) => this.entries.get(key) ?? null;
  put = async (key: string, evidence: CachedEvidence) => {
    this.entries.set(key, evidence);
    this.stored.push(evidence);
  };
  clear = async () => this.entries.clear();
  close = () => undefined;
}

export function seams(workers: FakeWorkers, store: MemoryStore | null = null): GuardSeams {
  return { startWorker: workers.start, openCache: async () => store };
}

export function settings(overrides: Partial<GuardSettings> = {}): GuardSettings {
  return {
    config: {
      modelBaseUrl: 'http://localhost/image-guard-kit/',
      backend: 'auto',
      modelCache: null,
      analyzers: resolveAnalyzers({ faces: false, text: false, objects: false, quality: false }),
      limits: resolveLimits(undefined),
    },
    policy: resolvePolicy(undefined),
    timeoutMs: 60_000,
    initTimeoutMs: 60_000,
    diagnosticsTimeoutMs: 60_000,
    urls: { timeoutMs: 60_000, credentials: 'omit' },
    cache: { name: 'test', maxEntries: 10 },
    onProgress: undefined,
    ...overrides,
  };
}

/** Lets every pending promise callback run, so "did not start" is checked after the guard had every chance to. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
