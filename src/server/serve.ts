import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageGuardError } from '../errors.js';
import { resolvePolicy } from '../policy/resolve.js';
import type { PolicyInput } from '../policy/types.js';
import type { ServerConfig } from './config.js';
import { InProcessJobs, type Jobs } from './jobs.js';
import { RedisJobs } from './jobs-redis.js';
import type { Log } from './log.js';
import { Metrics } from './metrics.js';
import { VerifierPool } from './pool.js';
import { ImageService } from './service.js';
import { AddressRules } from './url-guard.js';

export interface RunningServer {
  /** http://host:port */
  url: string;
  /** Resolves once the models are loaded and the queue is up (then /healthz answers 200). */
  ready: Promise<void>;
  /** Stops taking requests, lets the images being checked finish, frees the threads and lets go of Redis. */
  close(): Promise<void>;
}

/**
 * Starts the service: it listens at once (/healthz answers 503 while the models load), then loads the pool and
 * the job queue. A policy or a queue that cannot be loaded rejects `ready`.
 */
export async function startServer(config: ServerConfig, log: Log): Promise<RunningServer> {
  const addresses = new AddressRules(config.allowAddresses);
  const policy = await loadPolicy(config.policy);
  const metrics = new Metrics();
  const service = new ImageService(config, log, metrics, addresses);
  const server = createServer({ requestTimeout: config.requestTimeoutMs, headersTimeout: Math.min(config.requestTimeoutMs, 20_000) }, service.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log('info', 'listening', { url });

  let pool: VerifierPool | null = null;
  let jobs: Jobs | null = null;
  const ready = (async () => {
    const started = performance.now();
    pool = await VerifierPool.start(config.workers, config.queueSize, {
      policy,
      analyzers: config.analyzers,
      backend: config.backend,
      limits: { maxBytes: config.maxImageBytes },
      timeoutMs: config.timeoutMs,
    });
    jobs = config.redis
      ? await RedisJobs.start({
          url: config.redis,
          run: service.runJob,
          concurrency: pool.size,
          limit: config.queueSize,
          ttlSeconds: config.jobTtlSeconds,
          lockMs: config.jobLockMs,
          log,
        })
      : new InProcessJobs(service.runJob, config.queueSize + pool.size, config.jobTtlSeconds);
    const loaded = pool;
    const queue = jobs;
    let waiting = 0;
    metrics.gauges(() => {
      void queue.waiting().then((count) => (waiting = count), () => undefined);
      return [
        ['image_guard_workers', 'Analysis threads.', loaded.size],
        ['image_guard_workers_busy', 'Analysis threads checking an image.', loaded.busy],
        ['image_guard_queue_depth', 'Images waiting for a thread in this process.', loaded.queued],
        ['image_guard_jobs_waiting', 'Deferred jobs waiting (in Redis: all processes).', waiting],
      ];
    });
    service.ready({ pool, jobs });
    log('info', 'ready', { workers: pool.size, backend: pool.backend, queue: config.redis ? 'redis' : 'in-process', ms: Math.round(performance.now() - started) });
  })();
  ready.catch(() => undefined);

  return {
    url,
    ready,
    async close() {
      service.closing();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await ready.catch(() => undefined);
      await (jobs as Jobs | null)?.close();
      await (pool as VerifierPool | null)?.close();
      log('info', 'closed');
    },
  };
}

/** A preset by name; anything else is read as a policy JSON file and checked now, so a bad one stops the start. */
async function loadPolicy(policy: string): Promise<PolicyInput> {
  if (policy === 'balanced' || policy === 'strict' || policy === 'permissive') return policy;
  let input: PolicyInput;
  try {
    input = JSON.parse(await readFile(policy, 'utf8')) as PolicyInput;
  } catch (cause) {
    throw new ImageGuardError('invalid_options', `--policy ${policy}: not a preset (balanced, strict, permissive) nor a readable JSON file.`, { cause });
  }
  resolvePolicy(input);
  return input;
}
