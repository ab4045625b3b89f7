import { ImageGuardError } from '../errors.js';
import { createVerifier, type Verifier, type VerifierOptions, type VerifyOptions } from '../node/verify.js';
import type { Verdict } from '../verdict/types.js';

/** The queue is full: the caller answers 429 and asks the client to retry later. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

interface Waiting {
  bytes: Uint8Array;
  options: VerifyOptions;
  resolve(verdict: Verdict): void;
  reject(error: unknown): void;
}

/**
 * Several verifiers, each with its models in its own analysis thread (src/node/verify.ts), so images are checked
 * side by side, one per thread; the rest wait in a bounded queue, in order of arrival.
 */
export class VerifierPool {
  readonly #idle: Verifier[];
  readonly #all: Verifier[];
  readonly #waiting: Waiting[] = [];
  readonly #queueSize: number;
  #closed = false;

  private constructor(verifiers: Verifier[], queueSize: number) {
    this.#all = verifiers;
    this.#idle = [...verifiers];
    this.#queueSize = queueSize;
  }

  /** Starts `size` verifiers one after another (each loads its models: a few seconds and some 300 MB). */
  static async start(size: number, queueSize: number, options: VerifierOptions): Promise<VerifierPool> {
    const verifiers: Verifier[] = [];
    try {
      for (let i = 0; i < size; i++) verifiers.push(await createVerifier(options));
    } catch (error) {
      await Promise.all(verifiers.map((verifier) => verifier.dispose()));
      throw error;
    }
    return new VerifierPool(verifiers, queueSize);
  }

  get size(): number {
    return this.#all.length;
  }

  /** The tfjs backend the models run on (null when no tfjs model is on). */
  get backend(): string | null {
    return this.#all[0]?.backend ?? null;
  }

  get busy(): number {
    return this.#all.length - this.#idle.length;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** How many more images can be taken now without a 429. */
  get capacity(): number {
    return this.#idle.length + this.#queueSize - this.#waiting.length;
  }

  /**
   * Rejects with QueueFullError at once when every thread is busy and the queue is full, unless `bounded` is false
   * (a deferred job, already bounded by its own queue).
   */
  verify(bytes: Uint8Array, options: VerifyOptions = {}, bounded = true): Promise<Verdict> {
    if (this.#closed) return Promise.reject(new ImageGuardError('disposed', 'The server is shutting down.'));
    if (bounded && this.capacity <= 0) return Promise.reject(new QueueFullError('Every analysis thread is busy and the queue is full.'));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ bytes, options, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    while (this.#idle.length > 0 && this.#waiting.length > 0) {
      const verifier = this.#idle.shift()!;
      const job = this.#waiting.shift()!;
      verifier
        .verify(job.bytes, job.options)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.#idle.push(verifier);
          this.#next();
        });
    }
  }

  /** Lets the images being checked finish, refuses those still waiting, then frees every thread. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#waiting.splice(0)) job.reject(new ImageGuardError('disposed', 'The server shut down before this image was checked.'));
    await Promise.all(this.#all.map((verifier) => verifier.dispose()));
  }
}
