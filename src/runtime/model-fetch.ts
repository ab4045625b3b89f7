/// <reference lib="webworker" />
/**
 * The analysis worker's fetch, wrapped for the files under `modelBaseUrl` (nsfwjs and face-api weights, tfjs' wasm
 * binaries; tfjs, face-api and emscripten all call the global fetch): it reports bytes as they arrive, and keeps
 * each file in Cache Storage under the library version, so a second visit reads them from disk even when the
 * server sends no caching headers. The tfjs weights arrive gzipped (packed.ts) and are unpacked here, after the
 * count and the cache (both keep the smaller bytes). tesseract.js fetches its files in its own worker; the HTTP cache
 * serves those.
 */
import { packedPaths } from './packed.js';

export interface FileProgress {
  /** The file's path under modelBaseUrl. */
  file: string;
  loadedBytes: number;
  /** From Content-Length; null when the server does not say. */
  totalBytes: number | null;
  fromCache: boolean;
}

/** Progress is reported at most once per this many bytes (and at the end), not for every network chunk. */
const REPORT_EVERY_BYTES = 256 * 1024;

const CACHE_PREFIX = 'image-guard-kit-';

export function installModelFetch(options: {
  baseUrl: string;
  /** Cache Storage name, e.g. 'image-guard-kit-0.1.0'; null: no cache, progress only. */
  cacheName: string | null;
  onProgress: (progress: FileProgress) => void;
}): { cacheWrites(): Promise<void> } {
  const { baseUrl, cacheName, onProgress } = options;
  // A copy is written while the caller reads the response, and may still be writing when the models are ready:
  // a guard disposed at once would end the worker, and with it the unfinished copies.
  const writes = new Set<Promise<void>>();
  const networkFetch = globalThis.fetch.bind(globalThis);
  const cache = cacheName ? openCache(cacheName) : Promise.resolve(null);

  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // A relative URL is resolved as fetch would resolve it (the bench pages of the raw libraries pass them).
    const url = input instanceof Request ? input.url : new URL(String(input), globalThis.location.href).href;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (method !== 'GET' || !url.startsWith(baseUrl)) return networkFetch(input, init);
    const file = url.slice(baseUrl.length);
    const store = await cache;
    const hit = await store?.match(url).catch(() => undefined);
    if (hit) {
      const size = Number(hit.headers.get('content-length')) || null;
      onProgress({ file, loadedBytes: size ?? 0, totalBytes: size, fromCache: true });
      return unpacked(file, hit, hit.body);
    }
    const response = await networkFetch(input, init);
    if (!response.ok || !response.body) return response;
    const totalBytes = Number(response.headers.get('content-length')) || null;
    let body = response.body;
    if (store) {
      const [forCaller, forCache] = body.tee();
      body = forCaller;
      const copy = new Response(forCache, { status: response.status, statusText: response.statusText, headers: response.headers });
      // A full disk or a private window's quota only costs the next visit its head start.
      const write = store.put(url, copy).catch(() => undefined);
      writes.add(write);
      void write.then(() => writes.delete(write));
    }
    let loadedBytes = 0;
    let reported = 0;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          loadedBytes += chunk.byteLength;
          if (loadedBytes - reported >= REPORT_EVERY_BYTES) {
            reported = loadedBytes;
            onProgress({ file, loadedBytes, totalBytes, fromCache: false });
          }
          controller.enqueue(chunk);
        },
        flush() {
          onProgress({ file, loadedBytes, totalBytes: totalBytes ?? loadedBytes, fromCache: false });
        },
      }),
    );
    return unpacked(file, response, counted);
  };
  return {
    async cacheWrites() {
      await Promise.all(writes);
    },
  };
}

/** What a gzip file starts with: its magic number and its one compression method (deflate). */
const GZIP_START = [0x1f, 0x8b, 0x08];

/**
 * The response the loader reads: `body` as it is, or gunzipped when the file is a packed one and its bytes are gzip
 * (a copy made from the npm files by hand, as docs/API.md lists them, is read as it is; no weights file the
 * registry names starts like gzip: test/unit/packed.test.ts). An unpacked body's Content-Length is dropped.
 */
async function unpacked(file: string, response: Response, body: ReadableStream<Uint8Array> | null): Promise<Response> {
  const init = { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) };
  if (!packedPaths.has(file) || !body) return new Response(body, init);
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let length = 0;
  while (length < GZIP_START.length) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    length += value.byteLength;
  }
  const bytes = head.flatMap((chunk) => [...chunk.subarray(0, GZIP_START.length)]);
  const again = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  if (!GZIP_START.every((byte, index) => bytes[index] === byte)) return new Response(again, init);
  init.headers.delete('content-length');
  return new Response((again as ReadableStream<BufferSource>).pipeThrough(new DecompressionStream('gzip')), init);
}

/** Opens this version's cache and deletes other versions' (their files may differ, and nothing reads them again). */
async function openCache(name: string): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null;
  try {
    for (const key of await caches.keys()) {
      if (key.startsWith(CACHE_PREFIX) && key !== name) await caches.delete(key);
    }
    return await caches.open(name);
  } catch {
    // Cache Storage can be refused (an opaque origin, storage blocked by the user): load from the network.
    return null;
  }
}

export function modelCacheName(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}
