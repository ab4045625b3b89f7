import type { RuntimeAsset } from '../assets/npm.js';

/**
 * The model loaders (tfjs, nsfwjs, face-api) fetch their files over http, as in the browser. In the Node verifier
 * they get them from this fetch instead of a server: the package's own files, read from disk, under a base URL on
 * a reserved name (`.invalid` never resolves). No socket is opened, so no request from anywhere can reach it.
 */
export const RUNTIME_BASE_URL = 'http://runtime.image-guard-kit.invalid/';

/** A fetch that answers the runtime files under RUNTIME_BASE_URL (404 for any other path) and refuses every other URL. */
export function runtimeFileFetch(assets: readonly RuntimeAsset[]): typeof fetch {
  const byPath = new Map(assets.map((asset) => [asset.path, asset]));
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (!url.startsWith(RUNTIME_BASE_URL)) {
      throw new TypeError(`image-guard-kit's verifier fetches nothing but its own runtime files, not ${url}`);
    }
    const asset = byPath.get(assetPath(url));
    if (!asset || (method !== 'GET' && method !== 'HEAD')) return new Response(null, { status: 404, statusText: 'Not Found' });
    const body = asset.read();
    return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { 'Content-Type': asset.contentType, 'Content-Length': String(body.length) },
    });
  };
}

/** The asset path a URL names; a malformed escape (`%zz`) names no asset rather than throwing. */
function assetPath(url: string): string {
  const path = new URL(url).pathname.slice(1);
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}
