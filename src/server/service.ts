import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ImageGuardError, type SerializedError } from '../errors.js';
import type { Verdict } from '../verdict/types.js';
import type { ServerConfig } from './config.js';
import { guardedRequest } from './fetch-url.js';
import { HttpError, readBody, sendJson, sendText, STATUS_BY_CODE } from './http.js';
import { imageBytes, type ImageSource } from './image-input.js';
import type { JobData, Jobs, JobState } from './jobs.js';
import type { Log } from './log.js';
import type { Metrics } from './metrics.js';
import { QueueFullError, type VerifierPool } from './pool.js';
import { checkUrl, type AddressRules } from './url-guard.js';

/** What the service needs once the models are loaded; until then it answers 503 (and /healthz says loading). */
export interface Engine {
  pool: VerifierPool;
  jobs: Jobs;
}

/** ContentMod's `options`, as checked here: anything else in it is ignored, but a policy is refused. */
interface ImageOptions {
  meta?: unknown;
  callbackUrl?: string;
  defer: boolean;
  actorId?: string;
}

type Result = { status: 'completed'; result: Verdict } | { status: 'failed'; error: SerializedError };

/**
 * The HTTP API (docs/SERVER.md): POST /image (JSON or multipart), POST /image/batch, GET /image/{id}, /healthz,
 * /readyz, /metrics. Every route but the health checks needs the bearer token when one is set.
 */
export class ImageService {
  readonly #config: ServerConfig;
  readonly #log: Log;
  readonly #metrics: Metrics;
  readonly #addresses: AddressRules;
  readonly #source: ImageSource;
  #engine: Engine | null = null;
  #closing = false;

  constructor(config: ServerConfig, log: Log, metrics: Metrics, addresses: AddressRules) {
    this.#config = config;
    this.#log = log;
    this.#metrics = metrics;
    this.#addresses = addresses;
    this.#source = { hosts: config.allowHosts, addresses, maxImageBytes: config.maxImageBytes, fetchTimeoutMs: config.fetchTimeoutMs };
  }

  ready(engine: Engine): void {
    this.#engine = engine;
  }

  closing(): void {
    this.#closing = true;
  }

  /** A deferred job's run: the image fetched or decoded, checked, and the outcome posted to its callback URL. */
  readonly runJob = async (id: string, data: JobData): Promise<Verdict> => {
    const result = await this.#check(data.image, data, false);
    if (data.callbackUrl) await this.#callback(data.callbackUrl, { id, ...result });
    if (result.status === 'failed') throw ImageGuardError.fromJSON(result.error);
    return result.result;
  };

  handle = (request: IncomingMessage, response: ServerResponse): void => {
    const started = performance.now();
    const requestId = randomUUID();
    const path = new URL(request.url ?? '/', 'http://server').pathname;
    const route = routeName(request.method ?? 'GET', path);
    response.on('finish', () => {
      this.#metrics.count('image_guard_requests_total', 'HTTP requests by route and status.', { route, status: String(response.statusCode) });
      this.#log('info', 'request', { requestId, method: request.method, route, status: response.statusCode, ms: Math.round(performance.now() - started) });
    });
    this.#route(request, response, route, path).catch((error: unknown) => {
      const failure = asHttpError(error);
      if (failure.status >= 500 && !(error instanceof ImageGuardError)) this.#log('error', 'request failed', { requestId, error: String(error) });
      if (response.headersSent) return void response.destroy();
      sendJson(response, failure.status, { error: { code: failure.code, message: failure.message } }, failure.headers);
    });
  };

  async #route(request: IncomingMessage, response: ServerResponse, route: string, path: string): Promise<void> {
    if (route === 'healthz') {
      return this.#engine
        ? sendJson(response, 200, { status: 'ok', workers: this.#engine.pool.size })
        : sendJson(response, 503, { status: 'loading' });
    }
    if (route === 'readyz') {
      const ready = this.#engine !== null && !this.#closing && this.#engine.pool.capacity > 0;
      return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : this.#closing ? 'closing' : this.#engine ? 'busy' : 'loading' });
    }
    this.#authenticate(request);
    if (route === 'metrics') return sendText(response, 200, this.#metrics.text(), 'text/plain; version=0.0.4; charset=utf-8');
    if (route === 'unknown') throw new HttpError(404, 'not_found', `No route ${request.method} ${path}.`);
    const engine = this.#engine;
    if (!engine) throw new HttpError(503, 'loading', 'The models are still loading; retry shortly.', { 'retry-after': '5' });
    if (route === 'job') {
      const state = await engine.jobs.get(decodeURIComponent(path.slice('/image/'.length)));
      if (!state) throw new HttpError(404, 'not_found', 'No job with that id (or it finished longer ago than the job TTL).');
      return sendJson(response, 200, state);
    }
    const contentType = request.headers['content-type'] ?? '';
    const body = await readBody(request, this.#config.maxBodyBytes);
    if (route === 'image' && contentType.startsWith('multipart/form-data')) {
      const { images, options } = await readForm(body, contentType);
      if (images.length === 1) return this.#single(response, engine, images[0]!, options);
      return this.#batch(response, engine, images, options);
    }
    if (!contentType.startsWith('application/json')) {
      throw new HttpError(415, 'unsupported_media_type', 'Send application/json ({ image, options }) or multipart/form-data.');
    }
    const json = parseJson(body);
    const options = readOptions(json.options);
    if (route === 'image') return this.#single(response, engine, json.image, options);
    const images = json.images ?? json.image_urls;
    if (!Array.isArray(images) || images.length === 0) throw new HttpError(400, 'invalid_input', '`images` must be a non-empty array.');
    return this.#batch(response, engine, images, options);
  }

  async #single(response: ServerResponse, engine: Engine, image: unknown, options: ImageOptions): Promise<void> {
    this.#checkCallback(options);
    if (options.defer) {
      const id = await this.#submit(engine, image, options);
      return sendJson(response, 202, { id, status: 'pending' });
    }
    this.#reserve(engine, 1);
    const result = await this.#check(image, options, true);
    if (options.callbackUrl) void this.#callback(options.callbackUrl, { id: randomUUID(), ...result });
    if (result.status === 'completed') return sendJson(response, 200, result.result);
    throw asHttpError(ImageGuardError.fromJSON(result.error));
  }

  async #batch(response: ServerResponse, engine: Engine, images: unknown[], options: ImageOptions): Promise<void> {
    if (images.length > this.#config.maxBatch) {
      throw new HttpError(413, 'batch_too_large', `A batch holds at most ${this.#config.maxBatch} images (--max-batch).`);
    }
    this.#checkCallback(options);
    if (options.defer) {
      const results: { id: string; status: 'pending' }[] = [];
      for (const image of images) results.push({ id: await this.#submit(engine, image, options), status: 'pending' });
      return sendJson(response, 202, { results });
    }
    this.#reserve(engine, images.length);
    const results = await Promise.all(images.map((image) => this.#check(image, options, true)));
    return sendJson(response, 200, { results });
  }

  /** Refuses the whole request (429) unless the pool can take `count` more images now. */
  #reserve(engine: Engine, count: number): void {
    if (engine.pool.capacity < count) throw this.#queueFull(engine);
  }

  #queueFull(engine: Engine): HttpError {
    const { mean } = this.#metrics;
    const seconds = Math.max(1, Math.ceil(((engine.pool.queued + 1) * (mean || 2)) / engine.pool.size));
    return new HttpError(429, 'queue_full', 'Every analysis thread is busy and the queue is full; retry later.', { 'retry-after': String(seconds) });
  }

  async #submit(engine: Engine, image: unknown, options: ImageOptions): Promise<string> {
    if (typeof image !== 'string' || image === '') throw new HttpError(400, 'invalid_input', '`image` must be a URL, a data URL or base64 text.');
    try {
      return await engine.jobs.submit({ image, meta: options.meta, actorId: options.actorId, callbackUrl: options.callbackUrl });
    } catch (error) {
      if (error instanceof QueueFullError) throw this.#queueFull(engine);
      throw error;
    }
  }

  /** One image to its outcome; never throws for the image's own failures (a batch reports them in place). */
  async #check(image: unknown, options: Omit<ImageOptions, 'defer'>, bounded: boolean): Promise<Result> {
    const engine = this.#engine!;
    try {
      const bytes = await imageBytes(image, this.#source);
      const started = performance.now();
      const verdict = await engine.pool.verify(bytes, { meta: options.meta, actorId: options.actorId }, bounded);
      this.#metrics.observeCheck((performance.now() - started) / 1000);
      const { reject, review } = verdict.suggestedActions;
      this.#metrics.count('image_guard_verdicts_total', 'Images checked, by outcome.', { outcome: reject ? 'rejected' : review ? 'review' : 'passed' });
      return { status: 'completed', result: verdict };
    } catch (error) {
      if (error instanceof QueueFullError) throw this.#queueFull(engine);
      const failure = error instanceof ImageGuardError ? error : new ImageGuardError('analysis_failed', String(error));
      this.#metrics.count('image_guard_verdicts_total', 'Images checked, by outcome.', { outcome: 'not_checked' });
      return { status: 'failed', error: failure.toJSON() };
    }
  }

  #checkCallback(options: ImageOptions): void {
    if (options.callbackUrl === undefined) return;
    try {
      checkUrl(new URL(options.callbackUrl), this.#config.callbackHosts, 'callback');
    } catch (error) {
      throw new HttpError(400, 'callback_refused', error instanceof Error ? error.message : 'The callback URL is not valid.');
    }
  }

  /** POSTs the outcome as JSON (the shape of GET /image/{id}); a callback that fails is logged, not retried. */
  async #callback(url: string, state: JobState): Promise<void> {
    try {
      const { status } = await guardedRequest({
        url,
        hosts: this.#config.callbackHosts,
        addresses: this.#addresses,
        what: 'callback',
        timeoutMs: this.#config.fetchTimeoutMs,
        maxBytes: 64 * 1024,
        method: 'POST',
        body: JSON.stringify(state),
        headers: { 'content-type': 'application/json' },
      });
      this.#log(status < 300 ? 'info' : 'warn', 'callback sent', { job: state.id, status });
    } catch (error) {
      this.#log('warn', 'callback failed', { job: state.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  #authenticate(request: IncomingMessage): void {
    const token = this.#config.token;
    if (token === null) return;
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    // Compared as digests: the same length whatever was sent, in constant time.
    const digest = (text: string) => createHash('sha256').update(text).digest();
    if (!timingSafeEqual(digest(given), digest(token))) {
      throw new HttpError(401, 'unauthorized', 'A valid `Authorization: Bearer <token>` header is required.', { 'www-authenticate': 'Bearer' });
    }
  }
}

function routeName(method: string, path: string): string {
  if (method === 'GET' && path === '/healthz') return 'healthz';
  if (method === 'GET' && path === '/readyz') return 'readyz';
  if (method === 'GET' && path === '/metrics') return 'metrics';
  if (method === 'POST' && path === '/image') return 'image';
  if (method === 'POST' && path === '/image/batch') return 'batch';
  if (method === 'GET' && /^\/image\/[^/]+$/.test(path)) return 'job';
  return 'unknown';
}

function asHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ImageGuardError) return new HttpError(STATUS_BY_CODE[error.code] ?? 500, error.code, error.message);
  return new HttpError(500, 'internal', 'The request could not be handled.');
}

function parseJson(body: Buffer): Record<string, unknown> & { image?: unknown; images?: unknown; image_urls?: unknown; options?: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new HttpError(400, 'invalid_json', 'The request body must be a JSON object.');
  return json as Record<string, unknown>;
}

function readOptions(options: unknown): ImageOptions {
  if (options === undefined || options === null) return { defer: false };
  if (typeof options !== 'object' || Array.isArray(options)) throw new HttpError(400, 'invalid_options', '`options` must be an object.');
  const { meta, callbackUrl, defer, actorId, policy } = options as Record<string, unknown>;
  if (policy !== undefined) throw new HttpError(400, 'invalid_options', 'The policy is the server\'s (--policy); a request cannot choose one.');
  if (callbackUrl !== undefined && typeof callbackUrl !== 'string') throw new HttpError(400, 'invalid_options', '`options.callbackUrl` must be a URL.');
  if (defer !== undefined && typeof defer !== 'boolean') throw new HttpError(400, 'invalid_options', '`options.defer` must be true or false.');
  if (actorId !== undefined && (typeof actorId !== 'string' || actorId.length > 256)) {
    throw new HttpError(400, 'invalid_options', '`options.actorId` must be text of at most 256 characters.');
  }
  return { meta, callbackUrl, defer: defer ?? false, actorId };
}

/** A plain HTML form: one or more `image` files, and the options as fields (`meta` as JSON text). */
async function readForm(body: Buffer, contentType: string): Promise<{ images: string[]; options: ImageOptions }> {
  let form: FormData;
  try {
    form = await new Request('http://form/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw new HttpError(400, 'invalid_form', 'The multipart body could not be read.');
  }
  const images: string[] = [];
  for (const entry of form.getAll('image')) {
    images.push(typeof entry === 'string' ? entry : Buffer.from(await entry.arrayBuffer()).toString('base64'));
  }
  if (images.length === 0) throw new HttpError(400, 'invalid_input', 'The form has no `image` field.');
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  let meta: unknown;
  const metaText = text('meta');
  if (metaText !== undefined) {
    try {
      meta = JSON.parse(metaText);
    } catch {
      meta = metaText;
    }
  }
  const defer = text('defer');
  return { images, options: readOptions({ meta, callbackUrl: text('callbackUrl'), actorId: text('actorId'), defer: defer === undefined ? undefined : defer === 'true' || defer === 'on', policy: form.get('policy') ?? undefined }) };
}
