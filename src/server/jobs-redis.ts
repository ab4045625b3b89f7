import { randomUUID } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { SerializedError } from '../errors.js';
import type { Verdict } from '../verdict/types.js';
import { serialize, type JobData, type Jobs, type JobState, type RunJob } from './jobs.js';
import type { Log } from './log.js';
import { QueueFullError } from './pool.js';

const QUEUE_NAME = 'image-guard';

/** What a job returns to Redis: the image's outcome, failed checks included (BullMQ's own failures are crashes). */
type Outcome = { verdict: Verdict } | { error: SerializedError };

export interface RedisJobsOptions {
  url: string;
  run: RunJob;
  /** Jobs this process checks at once: the pool's thread count. */
  concurrency: number;
  /** Waiting jobs in Redis (all processes together) beyond which submissions get 429. */
  limit: number;
  ttlSeconds: number;
  /** How long a job stays with a process that stopped renewing its lock before another takes it (BullMQ's lockDuration). */
  lockMs: number;
  log: Log;
}

/**
 * Deferred jobs through BullMQ on Redis: every `serve` process pointed at the same Redis submits to and works the
 * same queue. A process that dies mid-job stops renewing the job's lock; once it expires, BullMQ's stalled-job
 * check in another process moves the job back to waiting and it is checked there (once: a job that stalls twice
 * fails, so one poisonous image cannot take down process after process).
 */
export class RedisJobs implements Jobs {
  readonly #queue: Queue<JobData, Outcome>;
  readonly #worker: Worker<JobData, Outcome>;
  readonly #limit: number;
  readonly #ttlSeconds: number;

  private constructor(queue: Queue<JobData, Outcome>, worker: Worker<JobData, Outcome>, limit: number, ttlSeconds: number) {
    this.#queue = queue;
    this.#worker = worker;
    this.#limit = limit;
    this.#ttlSeconds = ttlSeconds;
  }

  static async start(options: RedisJobsOptions): Promise<RedisJobs> {
    const connection = connectionOptions(options.url);
    const queue = new Queue<JobData, Outcome>(QUEUE_NAME, { connection });
    await queue.waitUntilReady();
    const worker = new Worker<JobData, Outcome>(
      QUEUE_NAME,
      async (job) => {
        options.log('info', 'job started', { job: job.id, attempt: job.attemptsStarted });
        try {
          return { verdict: await options.run(job.id!, job.data) };
        } catch (error) {
          return { error: serialize(error) };
        }
      },
      {
        connection,
        concurrency: options.concurrency,
        lockDuration: options.lockMs,
        stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)),
        maxStalledCount: 1,
      },
    );
    worker.on('stalled', (id) => options.log('warn', 'job stalled: its process stopped answering; retried', { job: id }));
    worker.on('failed', (job, error) => options.log('error', 'job failed', { job: job?.id, error: error.message }));
    worker.on('error', (error) => options.log('error', 'redis worker error', { error: error.message }));
    await worker.waitUntilReady();
    return new RedisJobs(queue, worker, options.limit, options.ttlSeconds);
  }

  async submit(data: JobData): Promise<string> {
    if ((await this.#queue.getWaitingCount()) >= this.#limit) throw new QueueFullError('The deferred-job queue is full.');
    const id = randomUUID();
    await this.#queue.add('image', data, {
      jobId: id,
      attempts: 1,
      removeOnComplete: { age: this.#ttlSeconds },
      removeOnFail: { age: this.#ttlSeconds },
    });
    return id;
  }

  async get(id: string): Promise<JobState | null> {
    const job = await this.#queue.getJob(id);
    if (!job) return null;
    const state = await job.getState();
    if (state === 'completed') {
      const outcome = job.returnvalue;
      return 'verdict' in outcome ? { id, status: 'completed', result: outcome.verdict } : { id, status: 'failed', error: outcome.error };
    }
    if (state === 'failed') return { id, status: 'failed', error: { code: 'analysis_failed', message: job.failedReason } };
    return { id, status: 'pending' };
  }

  async waiting(): Promise<number> {
    return this.#queue.getWaitingCount();
  }

  /** Finishes the jobs this process holds, then lets go of Redis. */
  async close(): Promise<void> {
    await this.#worker.close();
    await this.#queue.close();
  }
}

function connectionOptions(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number(parsed.pathname.slice(1) || 0),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis and must not give up on a slow command.
    maxRetriesPerRequest: null,
  };
}
