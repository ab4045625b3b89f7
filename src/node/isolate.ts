import { Worker } from 'node:worker_threads';
import { abortError, ImageGuardError, type SerializedError } from '../errors.js';
import type { AnalyzerConfig } from '../analyzers/registry.js';
import type { NodeBackendChoice } from '../config/resolve.js';
import type { Limits } from '../input/probe.js';
import type { WorkerEvidence } from '../runtime/protocol.js';
import type { AnalyzerFailure } from '../verdict/types.js';

/**
 * The Node verifier's analysis runs in a worker thread (./analysis-thread.ts) with the models loaded in it, so a
 * file that runs past its time or whose check is aborted can be stopped: the thread is terminated (its tesseract
 * thread with it) and the verifier starts a fresh one for the next file. Nothing the file did survives that.
 */

/** What the thread loads, sent as its workerData: everything structured-cloneable. */
export interface ThreadSetup {
  analyzers: AnalyzerConfig;
  backend: NodeBackendChoice;
  limits: Limits;
}

export type ToThread = { kind: 'analyze'; id: number; bytes: Uint8Array } | { kind: 'dispose' };

export type FromThread =
  | { kind: 'ready'; backend: string | null; failures: AnalyzerFailure[] }
  | { kind: 'load-failed'; error: SerializedError }
  | { kind: 'evidence'; id: number; evidence: WorkerEvidence }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'disposed' };

interface Pending {
  id: number;
  resolve(evidence: WorkerEvidence): void;
  reject(error: ImageGuardError): void;
}

export class AnalysisThread {
  readonly backend: string | null;
  readonly failures: readonly AnalyzerFailure[];
  #worker: Worker;
  #pending: Pending | null = null;
  #ids = 0;
  #alive = true;

  private constructor(worker: Worker, ready: Extract<FromThread, { kind: 'ready' }>) {
    this.#worker = worker;
    this.backend = ready.backend;
    this.failures = ready.failures;
    worker.on('message', (message: FromThread) => this.#receive(message));
    const stopped = (why: string) => {
      this.#alive = false;
      this.#pending?.reject(
        new ImageGuardError('analysis_failed', `The analysis thread stopped (${why}), so the file was not fully checked.`),
      );
    };
    worker.on('error', (error) => stopped(error.message));
    worker.on('exit', (code) => stopped(`exit code ${code}`));
  }

  /** Starts a thread and resolves once its models are loaded (or rejects with why they could not be). */
  static start(script: URL, setup: ThreadSetup): Promise<AnalysisThread> {
    const worker = new Worker(script, { workerData: setup });
    return new Promise((resolve, reject) => {
      // Only these listeners are removed: the Worker keeps internal ones of its own (its port's referencing).
      const detach = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (error: ImageGuardError) => {
        detach();
        void worker.terminate();
        reject(error);
      };
      const onMessage = (message: FromThread) => {
        detach();
        if (message.kind === 'ready') resolve(new AnalysisThread(worker, message));
        else fail(message.kind === 'load-failed' ? ImageGuardError.fromJSON(message.error) : unexpected(message.kind));
      };
      const onError = (error: Error) =>
        fail(new ImageGuardError('model_load_failed', `The analysis thread failed to start: ${error.message}`));
      const onExit = (code: number) =>
        fail(new ImageGuardError('model_load_failed', `The analysis thread exited (code ${code}) while loading.`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  /** False once the thread was stopped or died: the verifier then starts another. */
  get alive(): boolean {
    return this.#alive;
  }

  /**
   * The evidence for one file. Past `timeoutMs`, or when `signal` aborts, the thread is terminated and the call
   * rejects with 'timeout' or 'aborted'. One file at a time.
   */
  analyze(bytes: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<WorkerEvidence> {
    if (!this.#alive) return Promise.reject(new ImageGuardError('analysis_failed', 'The analysis thread has stopped.'));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const id = ++this.#ids;
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#pending = null;
      };
      const stop = (error: ImageGuardError) => {
        this.#stop();
        settle();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          stop(
            new ImageGuardError(
              'timeout',
              `Checking this file took longer than ${timeoutMs / 1000} s (timeoutMs), so it was stopped: the file was not checked.`,
            ),
          ),
        timeoutMs,
      );
      const onAbort = () => stop(abortError());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending = {
        id,
        resolve: (evidence) => {
          settle();
          resolve(evidence);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      // A copy is moved to the thread: the caller keeps its bytes.
      const copy = new Uint8Array(bytes);
      this.#worker.postMessage({ kind: 'analyze', id, bytes: copy } satisfies ToThread, [copy.buffer]);
    });
  }

  /** Lets the thread free its models and end tesseract's thread, then ends it; terminates it if it does not answer. */
  async dispose(): Promise<void> {
    if (!this.#alive) return;
    const disposed = new Promise<void>((resolve) => {
      this.#worker.on('message', (message: FromThread) => message.kind === 'disposed' && resolve());
      this.#worker.once('exit', () => resolve());
    });
    this.#worker.postMessage({ kind: 'dispose' } satisfies ToThread);
    await Promise.race([disposed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    this.#stop();
  }

  #stop(): void {
    this.#alive = false;
    void this.#worker.terminate();
  }

  #receive(message: FromThread): void {
    const pending = this.#pending;
    if ((message.kind !== 'evidence' && message.kind !== 'error') || !pending || pending.id !== message.id) return;
    if (message.kind === 'evidence') pending.resolve(message.evidence);
    else pending.reject(ImageGuardError.fromJSON(message.error));
  }
}

function unexpected(kind: string): ImageGuardError {
  return new ImageGuardError('model_load_failed', `The analysis thread answered ${kind} before it was ready.`);
}
