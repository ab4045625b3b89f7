import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/verdict/types.js';
import { buildServeCli, freePort, startServe, type ServeProcess } from '../support/serve.js';

// One `serve` process for the file (one analysis thread, a queue of one, a token, one allowed image host and one
// callback host, both on 127.0.0.1), driven as a ContentMod client would drive it. Text and face analyzers are off
// to keep the file to a few minutes on a shared machine; the verdict is the library's all the same.

const TOKEN = 'test-token-0123456789';
const cat = readFileSync('node_modules/cat-picture/cat.jpg');
const dog = readFileSync('node_modules/dog-picture/dog.jpg');
let small: Buffer;

let serve: ServeProcess;
let images: Server;
let imagePort: number;
let callbacks: Server;
let callbackPort: number;
const received: unknown[] = [];
const statusesWhileLoading: number[] = [];

function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

beforeAll(async () => {
  small = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#3a7' } }).png().toBuffer();
  imagePort = await freePort(6610);
  images = createServer((request, response) => {
    if (request.url === '/cat.jpg') return void response.writeHead(200, { 'content-type': 'image/jpeg' }).end(cat);
    if (request.url === '/to-loopback') return void response.writeHead(302, { location: `http://127.0.0.2:${imagePort}/cat.jpg` }).end();
    if (request.url === '/to-cat') return void response.writeHead(302, { location: '/cat.jpg' }).end();
    response.writeHead(404).end();
  });
  await listen(images, imagePort);
  callbackPort = await freePort(imagePort + 1);
  callbacks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await listen(callbacks, callbackPort);
  const script = buildServeCli();
  const port = await freePort(callbackPort + 1);
  serve = await startServe(script, port, [
    '--workers', '1',
    '--queue-size', '1',
    '--max-body-bytes', String(1024 * 1024),
    '--no-text',
    '--no-faces',
    '--allow-host', `127.0.0.1:${imagePort}`,
    '--allow-host', `127.0.0.2:${imagePort}`,
    '--allow-host', '10.0.0.1,169.254.169.254,[::1]',
    '--allow-address', '127.0.0.1/32',
    '--callback-host', `127.0.0.1:${callbackPort}`,
  ], { IMAGE_GUARD_TOKEN: TOKEN });
  // Polled while the models load: /healthz must say so until they are.
  const ready = serve.waitForLog((line) => line.msg === 'ready');
  let loaded = false;
  void ready.then(() => (loaded = true), () => undefined);
  while (!loaded) {
    // A fresh connection each time (a kept-alive one may be closed under it while the models load).
    const status = await statusOf(`${serve.url}/healthz`).catch(() => null);
    if (status !== null) statusesWhileLoading.push(status);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await ready;
});

afterAll(async () => {
  const code = await serve?.stop();
  expect(code).toBe(0);
  await new Promise((resolve) => images?.close(resolve));
  await new Promise((resolve) => callbacks?.close(resolve));
});

function post(path: string, body: unknown, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${serve.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

const authorized = { authorization: `Bearer ${TOKEN}` };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('serve', () => {
  it('answers /healthz 503 while the models load, then 200; /readyz once it can take work', async () => {
    expect(statusesWhileLoading[0]).toBe(503);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${serve.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('refuses requests without the bearer token, but not the health checks', async () => {
    expect((await post('/image', { image: small.toString('base64') }, null)).status).toBe(401);
    const wrong = await post('/image', { image: small.toString('base64') }, 'not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${serve.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
  });

  it("answers a ContentMod client's POST /image with the library's verdict: base64, data URL and an allowed URL", async () => {
    const response = await post('/image', { image: cat.toString('base64'), options: { meta: { post: 7 }, actorId: 'user-1' } });
    expect(response.status).toBe(200);
    const verdict = (await response.json()) as Verdict;
    expect(verdict.hash).toBe(sha256(cat));
    expect(verdict.summary.contentRating).toBe('G');
    expect(verdict.suggestedActions.reject).toBe(false);
    expect(verdict.topics).toContain('cat');
    expect(verdict.meta).toEqual({ post: 7 });
    expect(verdict.analysis.actorId).toBe('user-1');

    const fromDataUrl = (await (await post('/image', { image: `data:image/png;base64,${small.toString('base64')}` })).json()) as Verdict;
    expect(fromDataUrl.hash).toBe(sha256(small));
    const fromUrl = (await (await post('/image', { image: `http://127.0.0.1:${imagePort}/to-cat` })).json()) as Verdict;
    expect(fromUrl.hash).toBe(sha256(cat));
  });

  it('refuses a caller-chosen policy and bad input with typed errors', async () => {
    const policy = await post('/image', { image: small.toString('base64'), options: { policy: 'permissive' } });
    expect(policy.status).toBe(400);
    expect(((await policy.json()) as { error: { code: string } }).error.code).toBe('invalid_options');
    const garbage = await post('/image', { image: 'not an image!' });
    expect(garbage.status).toBe(400);
    const notImage = await post('/image', { image: Buffer.from('plain text, not a picture').toString('base64') });
    expect(notImage.status).toBe(415);
    expect(((await notImage.json()) as { error: { code: string } }).error.code).toBe('unsupported_format');
  });

  it('defers: { id, status: pending } at once, GET /image/{id} follows it to completed, the callback receives it', async () => {
    const callbackUrl = `http://127.0.0.1:${callbackPort}/hook`;
    const response = await post('/image', { image: dog.toString('base64'), options: { defer: true, callbackUrl, meta: 'd1' } });
    expect(response.status).toBe(202);
    const { id, status } = (await response.json()) as { id: string; status: string };
    expect(status).toBe('pending');
    let state: { id: string; status: string; result?: Verdict };
    do {
      await new Promise((resolve) => setTimeout(resolve, 500));
      state = (await (await fetch(`${serve.url}/image/${id}`, { headers: authorized })).json()) as typeof state;
    } while (state.status === 'pending');
    expect(state.status).toBe('completed');
    expect(state.result!.hash).toBe(sha256(dog));
    expect(state.result!.meta).toBe('d1');
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(received[0]).toEqual(state);
    expect((await fetch(`${serve.url}/image/no-such-job`, { headers: authorized })).status).toBe(404);
  });

  it('refuses callback URLs on hosts not allowed', async () => {
    const response = await post('/image', { image: small.toString('base64'), options: { defer: true, callbackUrl: 'http://127.0.0.1:1/elsewhere' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('callback_refused');
  });

  it('answers a batch with one result per image, in order, failures in place', async () => {
    const response = await post('/image/batch', { images: [small.toString('base64'), 'data:image/png;base64,AAAA'] });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: { status: string; result?: Verdict; error?: { code: string } }[] };
    expect(results.map((r) => r.status)).toEqual(['completed', 'failed']);
    expect(results[0]!.result!.hash).toBe(sha256(small));
    expect(results[1]!.error!.code).toMatch(/unsupported_format|empty_file|decode_failed/);
  });

  it('takes a multipart upload from a plain HTML form', async () => {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(small)], { type: 'image/png' }), 'small.png');
    form.append('actorId', 'form-user');
    form.append('meta', '{"form":true}');
    const response = await fetch(`${serve.url}/image`, { method: 'POST', headers: authorized, body: form });
    expect(response.status).toBe(200);
    const verdict = (await response.json()) as Verdict;
    expect(verdict.hash).toBe(sha256(small));
    expect(verdict.analysis.actorId).toBe('form-user');
    expect(verdict.meta).toEqual({ form: true });
  });

  it('answers 429 with Retry-After when the threads and the queue are full', async () => {
    // One thread and a queue of one: three images cannot all be taken.
    const response = await post('/image/batch', { images: [small, small, small].map((b) => b.toString('base64')) });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('queue_full');
  });

  it('is no open proxy: loopback, private, link-local and redirects to loopback are refused', async () => {
    const cases = [
      [`http://127.0.0.2:${imagePort}/cat.jpg`, /loopback/],
      [`http://[::1]:${imagePort}/cat.jpg`, /not in its allowed hosts/],
      ['http://[::1]/cat.jpg', /loopback/],
      ['http://10.0.0.1/cat.jpg', /private/],
      ['http://169.254.169.254/latest/meta-data/', /link-local/],
      [`http://127.0.0.1:${imagePort}/to-loopback`, /loopback/],
      ['http://example.com/cat.jpg', /not in its allowed hosts/],
      ['file:///etc/passwd', /neither an http\(s\) URL/],
    ] as const;
    for (const [url, message] of cases) {
      const response = await post('/image', { image: url });
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(body.error.message, url).toMatch(message);
    }
  });

  it('refuses bodies past --max-body-bytes and unknown routes', async () => {
    const response = await fetch(`${serve.url}/image`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorized },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect((await fetch(`${serve.url}/nowhere`, { headers: authorized })).status).toBe(404);
  });

  it('counts requests, verdicts and check times in /metrics', async () => {
    const text = await (await fetch(`${serve.url}/metrics`, { headers: authorized })).text();
    expect(text).toMatch(/image_guard_requests_total\{route="image",status="200"\} \d+/);
    expect(text).toMatch(/image_guard_requests_total\{route="image",status="401"\} 2/);
    expect(text).toMatch(/image_guard_verdicts_total\{outcome="passed"\} \d+/);
    expect(text).toMatch(/image_guard_check_seconds_count [1-9]\d*/);
    expect(text).toMatch(/image_guard_workers 1/);
    expect(serve.logs.some((line) => line.msg === 'request' && line.route === 'image' && typeof line.ms === 'number')).toBe(true);
  });
});
