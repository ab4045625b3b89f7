/// <reference lib="webworker" />
/**
 * The analysis worker's fetch, wrapped for the files under `modelBaseUrl` (nsfwjs and face-api weights, tfjs' wasm
 * binaries; tfjs, face-api and emscripten all call the global fetch): it reports bytes as they arrive, and keeps
 * each file in Cache Storage under the library version, so a second visit reads them from disk even when the
 * server sends no caching headers. tesseract.js fetches its files in its own worker; the HTTP cache serves those.
 */

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
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (method !== 'GET' || !url.startsWith(baseUrl)) return networkFetch(input, init);
    const file = url.slice(baseUrl.length);
    const store = await cache;
    const hit = await store?.match(url).catch(() => undefined);
    if (hit) {
      const size = Number(hit.headers.get('content-length')) || null;
      onProgress({ file, loadedBytes: size ?? 0, totalBytes: size, fromCache: true });
      return hit;
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
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return {
    async cacheWrites() {
      await Promise.all(writes);
    },
  };
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
