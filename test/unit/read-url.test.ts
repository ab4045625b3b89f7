/** URL inputs: streamed and cut at maxBytes, bounded in time, without cookies unless asked. fetch is stubbed. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readInput } from '../../src/input/read.js';

/** A body of `chunks` chunks of `size` bytes, recording how many were pulled and whether it was cancelled. */
function body(chunks: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled === chunks) return controller.close();
        seen.pulled++;
        controller.enqueue(new Uint8Array(size).fill(seen.pulled));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

function serve(respond: (init: RequestInit) => Promise<Response> | Response) {
  const requests: RequestInit[] = [];
  vi.stubGlobal('fetch', async (_url: unknown, init: RequestInit = {}) => {
    requests.push(init);
    return respond(init);
  });
  return requests;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const url = 'https://images.example/photo.jpg';
const reading = { maxBytes: 10_000, timeoutMs: 5_000, credentials: 'omit' as const };

describe('readInput on a URL', () => {
  it('reads the whole body when it is within maxBytes, without the page\'s credentials by default', async () => {
    const { stream } = body(4, 1_000);
    const requests = serve(() => new Response(stream));
    const bytes = await readInput(url, reading);
    expect(bytes.length).toBe(4_000);
    expect([bytes[0], bytes[3_999]]).toEqual([1, 4]);
    expect(requests[0]!.credentials).toBe('omit');
    await readInput(url, { ...reading, credentials: 'include' }).catch(() => undefined);
    expect(requests[1]!.credentials).toBe('include');
  });

  it('stops reading as soon as more than maxBytes arrived, and refuses with file_too_large', async () => {
    const { stream, seen } = body(1_000, 1_000);
    serve(() => new Response(stream));
    const error = await readInput(url, reading).catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'file_too_large', message: expect.stringContaining('over the 10 kB limit') });
    expect(seen.cancelled).toBe(true);
    // 11 chunks take it past 10 000 bytes; nothing after that was read.
    expect(seen.pulled).toBeLessThanOrEqual(12);
  });

  it('refuses from the Content-Length before reading the body', async () => {
    const { stream, seen } = body(1_000, 1_000);
    serve(() => new Response(stream, { headers: { 'Content-Length': '1000000' } }));
    const error = await readInput(url, reading).catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'file_too_large', message: expect.stringContaining('it is 1.0 MB') });
    expect(seen.pulled).toBeLessThanOrEqual(1);
  });

  it('times out a server that never answers, and a body that stops arriving', async () => {
    serve(
      (init) =>
        new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    );
    expect(await readInput(url, { ...reading, timeoutMs: 20 }).catch((caught: Error) => caught)).toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('fetchTimeoutMs'),
    });
    serve((init) => {
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(10));
          init.signal!.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(stalled);
    });
    expect(await readInput(url, { ...reading, timeoutMs: 20 }).catch((caught: Error) => caught)).toMatchObject({ code: 'timeout' });
  });

  it('an abort is "aborted", an HTTP error and a network error "fetch_failed"', async () => {
    serve(
      (init) =>
        new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    );
    const controller = new AbortController();
    const reading$ = readInput(url, { ...reading, signal: controller.signal });
    controller.abort();
    expect(await reading$.catch((caught: Error) => caught)).toMatchObject({ code: 'aborted' });
    serve(() => new Response('missing', { status: 404 }));
    expect(await readInput(url, reading).catch((caught: Error) => caught)).toMatchObject({ code: 'fetch_failed', message: expect.stringContaining('404') });
    serve(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await readInput(url, reading).catch((caught: Error) => caught)).toMatchObject({ code: 'fetch_failed' });
  });
});
