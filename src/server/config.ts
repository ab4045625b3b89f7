import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { analyzerNames, type AnalyzerName } from '../analyzers/registry.js';

/**
 * `image-guard-kit serve`'s settings, from flags and IMAGE_GUARD_* environment variables (a flag wins). Parsing is
 * pure, so it is unit-tested without starting anything; docs/SERVER.md lists every setting.
 */
export interface ServerConfig {
  host: string;
  port: number;
  /** A preset name or the path of a policy JSON file: the server's policy, never the caller's. */
  policy: string;
  analyzers: Record<AnalyzerName, boolean>;
  backend: 'auto' | 'wasm' | 'cpu';
  /** Analysis threads (one verifier each); default one per core. */
  workers: number;
  /** Images waiting for a thread beyond which requests get 429. */
  queueSize: number;
  /** Largest request body (JSON with base64, or multipart). */
  maxBodyBytes: number;
  /** Largest image, as decoded from base64 or fetched from a URL. */
  maxImageBytes: number;
  /** Most images in one batch request. */
  maxBatch: number;
  /** Longest check of one image, in ms (the verifier's timeoutMs). */
  timeoutMs: number;
  /** Longest time to receive a request body, in ms. */
  requestTimeoutMs: number;
  /** Longest time to fetch an image URL (all redirects included), in ms. */
  fetchTimeoutMs: number;
  /** Hosts image URLs may name (`example.com`, `*.example.com`, `host:port`); none by default. */
  allowHosts: string[];
  /** Hosts callback URLs may name, as allowHosts; none by default. */
  callbackHosts: string[];
  /** Address ranges (CIDR) allowed although private, loopback or link-local; none by default. */
  allowAddresses: string[];
  /** Bearer token every request but the health checks must carry; null: no authentication. */
  token: string | null;
  /** BullMQ on this Redis for deferred jobs; null: an in-process queue. */
  redis: string | null;
  /** How long a worker holds a Redis job before another may take it over (BullMQ's lockDuration). */
  jobLockMs: number;
  /** How long finished deferred jobs are kept for GET /image/{id}, in s. */
  jobTtlSeconds: number;
}

export class ServeUsageError extends Error {
  override readonly name = 'ServeUsageError';
}

type Kind = 'string' | 'int' | 'list' | 'boolean';
interface Setting {
  flag: string;
  env: string;
  kind: Kind;
  help: string;
}

/** Every setting: its flag, its environment variable, and the help line. */
export const SETTINGS = {
  host: { flag: 'host', env: 'IMAGE_GUARD_HOST', kind: 'string', help: 'Address to listen on (default 127.0.0.1)' },
  port: { flag: 'port', env: 'IMAGE_GUARD_PORT', kind: 'int', help: 'Port (default 8080; 0: any free port)' },
  policy: { flag: 'policy', env: 'IMAGE_GUARD_POLICY', kind: 'string', help: 'balanced (default), strict, permissive or a policy JSON file' },
  backend: { flag: 'backend', env: 'IMAGE_GUARD_BACKEND', kind: 'string', help: 'tfjs backend: wasm (default) or cpu' },
  workers: { flag: 'workers', env: 'IMAGE_GUARD_WORKERS', kind: 'int', help: 'Analysis threads (default: one per core)' },
  queueSize: { flag: 'queue-size', env: 'IMAGE_GUARD_QUEUE_SIZE', kind: 'int', help: 'Images waiting beyond which requests get 429 (default 8 per thread)' },
  maxBodyBytes: { flag: 'max-body-bytes', env: 'IMAGE_GUARD_MAX_BODY_BYTES', kind: 'int', help: 'Largest request body (default 15 MB)' },
  maxImageBytes: { flag: 'max-image-bytes', env: 'IMAGE_GUARD_MAX_IMAGE_BYTES', kind: 'int', help: 'Largest image (default 10 MB)' },
  maxBatch: { flag: 'max-batch', env: 'IMAGE_GUARD_MAX_BATCH', kind: 'int', help: 'Most images in one batch request (default 16)' },
  timeoutMs: { flag: 'timeout-ms', env: 'IMAGE_GUARD_TIMEOUT_MS', kind: 'int', help: 'Longest check of one image (default 20000)' },
  requestTimeoutMs: { flag: 'request-timeout-ms', env: 'IMAGE_GUARD_REQUEST_TIMEOUT_MS', kind: 'int', help: 'Longest time to receive a request (default 30000)' },
  fetchTimeoutMs: { flag: 'fetch-timeout-ms', env: 'IMAGE_GUARD_FETCH_TIMEOUT_MS', kind: 'int', help: 'Longest time to fetch an image URL (default 10000)' },
  allowHosts: { flag: 'allow-host', env: 'IMAGE_GUARD_ALLOW_HOSTS', kind: 'list', help: 'A host image URLs may name (host: default port only; host:port; *.domain), repeat or comma-separate; none by default' },
  callbackHosts: { flag: 'callback-host', env: 'IMAGE_GUARD_CALLBACK_HOSTS', kind: 'list', help: 'A host callback URLs may name; none by default' },
  allowAddresses: { flag: 'allow-address', env: 'IMAGE_GUARD_ALLOW_ADDRESSES', kind: 'list', help: 'A private/loopback/link-local range (CIDR) URLs may reach; none by default' },
  token: { flag: 'token', env: 'IMAGE_GUARD_TOKEN', kind: 'string', help: 'Bearer token required on every request but /healthz and /readyz' },
  redis: { flag: 'redis', env: 'IMAGE_GUARD_REDIS', kind: 'string', help: 'redis://host:port: deferred jobs through BullMQ, shared by every serve process' },
  jobLockMs: { flag: 'job-lock-ms', env: 'IMAGE_GUARD_JOB_LOCK_MS', kind: 'int', help: 'How long a Redis job stays with a process that stopped answering (default 30000)' },
  jobTtlSeconds: { flag: 'job-ttl-s', env: 'IMAGE_GUARD_JOB_TTL_S', kind: 'int', help: 'How long finished deferred jobs are kept (default 3600)' },
} satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;

export const SERVE_USAGE = `Usage: image-guard-kit serve [options]

An HTTP moderation service with ContentMod's image API (docs/SERVER.md). Every option can also be set by its
environment variable; a flag wins.

Options:
${(Object.values(SETTINGS) as Setting[])
  .map((s) => `  --${s.flag.padEnd(20)} ${s.env}\n  ${''.padEnd(22)} ${s.help}`)
  .join('\n')}
  --no-<analyzer>        IMAGE_GUARD_NO_<ANALYZER>=1: switch an analyzer off (${analyzerNames.join(', ')})
  -h, --help             This help`;

export function parseServeArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ServerConfig | 'help' {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          (Object.values(SETTINGS) as Setting[]).map((s) => [s.flag, { type: 'string', multiple: s.kind === 'list' } as const]),
        ),
        ...Object.fromEntries(analyzerNames.map((name) => [`no-${name}`, { type: 'boolean' } as const])),
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ServeUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const raw = (key: Key): string | string[] | undefined => {
    const setting: Setting = SETTINGS[key];
    const flag = values[setting.flag] as string | string[] | undefined;
    if (flag !== undefined) return setting.kind === 'list' ? (flag as string[]).flatMap(splitList) : flag;
    const fromEnv = env[setting.env];
    if (fromEnv === undefined || fromEnv === '') return undefined;
    return setting.kind === 'list' ? splitList(fromEnv) : fromEnv;
  };
  const text = (key: Key, fallback: string) => (raw(key) as string | undefined) ?? fallback;
  const int = (key: Key, fallback: number, min: number) => {
    const value = raw(key) as string | undefined;
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min) {
      throw new ServeUsageError(`--${SETTINGS[key].flag} (${SETTINGS[key].env}) takes a whole number of at least ${min}, not ${JSON.stringify(value)}.`);
    }
    return number;
  };
  const list = (key: Key) => (raw(key) as string[] | undefined) ?? [];

  const backend = text('backend', 'auto');
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'cpu') {
    throw new ServeUsageError(`--backend is wasm or cpu, not ${JSON.stringify(backend)}.`);
  }
  const workers = int('workers', availableParallelism(), 1);
  const redis = (raw('redis') as string | undefined) ?? null;
  if (redis !== null && !/^rediss?:\/\//.test(redis)) throw new ServeUsageError(`--redis takes a redis:// or rediss:// URL, not ${JSON.stringify(redis)}.`);
  const allowHosts = list('allowHosts').map((host) => host.toLowerCase());
  const callbackHosts = list('callbackHosts').map((host) => host.toLowerCase());
  for (const host of [...allowHosts, ...callbackHosts]) {
    if (!/^(\*\.)?[a-z0-9.\-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/.test(host)) {
      throw new ServeUsageError(`${JSON.stringify(host)} is not a host name (example.com, *.example.com, or host:port).`);
    }
  }
  const allowAddresses = list('allowAddresses');
  for (const range of allowAddresses) {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(range)) throw new ServeUsageError(`--allow-address takes CIDR ranges such as 10.0.0.0/8, not ${JSON.stringify(range)}.`);
  }
  const token = (raw('token') as string | undefined) ?? null;
  if (token !== null && token.length < 16) throw new ServeUsageError('--token must be at least 16 characters.');
  const policy = text('policy', 'balanced');
  return {
    host: text('host', '127.0.0.1'),
    port: int('port', 8080, 0),
    policy,
    analyzers: Object.fromEntries(
      analyzerNames.map((name) => [name, !(values[`no-${name}`] === true || isTrue(env[`IMAGE_GUARD_NO_${name.toUpperCase()}`]))]),
    ) as Record<AnalyzerName, boolean>,
    backend,
    workers,
    queueSize: int('queueSize', workers * 8, 0),
    maxBodyBytes: int('maxBodyBytes', 15 * 1024 * 1024, 1024),
    maxImageBytes: int('maxImageBytes', 10 * 1024 * 1024, 1024),
    maxBatch: int('maxBatch', 16, 1),
    timeoutMs: int('timeoutMs', 20_000, 1),
    requestTimeoutMs: int('requestTimeoutMs', 30_000, 1),
    fetchTimeoutMs: int('fetchTimeoutMs', 10_000, 1),
    allowHosts,
    callbackHosts,
    allowAddresses,
    token,
    redis,
    jobLockMs: int('jobLockMs', 30_000, 1000),
    jobTtlSeconds: int('jobTtlSeconds', 3600, 1),
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}
