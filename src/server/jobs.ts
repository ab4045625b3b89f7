import { randomUUID } from 'node:crypto';
import type { SerializedError } from '../errors.js';
import type { Verdict } from '../verdict/types.js';
import { QueueFullError } from './pool.js';

/** A deferred check, as POST /image received it: everything needed to run it anywhere (JSON only). */
export interface JobData {
  image: string;
  meta?: unknown;
  actorId?: string;
  callbackUrl?: string;
}

export type JobState =
  | { id: string; status: 'pending' }
  | { id: string; status: 'completed'; result: Verdict }
  | { id: string; status: 'failed'; error: SerializedError };

/** Runs one job to its verdict; throws an ImageGuardError when the image could not be checked. */
export type RunJob = (id: string, data: JobData) => Promise<Verdict>;

/** Deferred jobs: in this process (InProcessJobs) or on Redis through BullMQ (./jobs-redis.ts). */
export interface Jobs {
  /** The job's id; rejects with QueueFullError when the queue is full. */
  submit(data: JobData): Promise<string>;
  /** Null for an id never given, or kept past the job TTL. */
  get(id: string): Promise<JobState | null>;
  /** Jobs waiting for a thread (for /metrics and readiness). */
  waiting(): Promise<number>;
  close(): Promise<void>;
}

/** The embedded default: one process, jobs in memory, lost if the process ends (use --redis for more). */
export class InProcessJobs implements Jobs {
  readonly #states = new Map<string, JobState>();
  readonly #run: RunJob;
  readonly #limit: number;
  readonly #ttlMs: number;
  readonly #running = new Set<Promise<unknown>>();
  #pending = 0;

  constructor(run: RunJob, limit: number, ttlSeconds: number) {
    this.#run = run;
    this.#limit = limit;
    this.#ttlMs = ttlSeconds * 1000;
  }

  async submit(data: JobData): Promise<string> {
    if (this.#pending >= this.#limit) throw new QueueFullError('The deferred-job queue is full.');
    const id = randomUUID();
    this.#states.set(id, { id, status: 'pending' });
    this.#pending++;
    const running = this.#run(id, data)
      .then(
        (result): JobState => ({ id, status: 'completed', result }),
        (error: unknown): JobState => ({ id, status: 'failed', error: serialize(error) }),
      )
      .then((state) => {
        this.#pending--;
        this.#states.set(id, state);
        setTimeout(() => this.#states.delete(id), this.#ttlMs).unref();
      });
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
    return id;
  }

  async get(id: string): Promise<JobState | null> {
    return this.#states.get(id) ?? null;
  }

  async waiting(): Promise<number> {
    return this.#pending;
  }

  async close(): Promise<void> {
    await Promise.all(this.#running);
  }
}

export function serialize(error: unknown): SerializedError {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error && typeof error.code === 'string') {
    return { code: error.code as SerializedError['code'], message: String(error.message) };
  }
  return { code: 'analysis_failed', message: error instanceof Error ? error.message : String(error) };
}
