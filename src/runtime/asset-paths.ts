/**
 * Where runtime files are served from: one `modelBaseUrl` on the page's own origin. Which files live under it is
 * each analyzer's spec (analyzers/registry.ts); the Vite plugin serves those paths, a non-Vite app copies them.
 */
export const MODEL_BASE_META = 'image-guard-kit:model-base-url';

export const DEFAULT_MODEL_BASE = '/image-guard-kit/';

/**
 * The absolute base URL for runtime files: the explicit option, else the plugin's meta tag, else the default.
 * Resolved on the main thread (workers have no document) against the page's base URI. Throws a TypeError for a
 * URL that cannot be parsed (config/resolve.ts turns it into 'invalid_options').
 */
export function resolveModelBaseUrl(explicit: string | undefined): string {
  const doc = typeof document === 'undefined' ? undefined : document;
  const fromMeta = doc?.querySelector<HTMLMetaElement>(`meta[name="${MODEL_BASE_META}"]`)?.content;
  const chosen = explicit ?? fromMeta ?? DEFAULT_MODEL_BASE;
  const base = doc?.baseURI ?? globalThis.location?.href;
  const absolute = base ? new URL(chosen, base).href : chosen;
  return absolute.endsWith('/') ? absolute : `${absolute}/`;
}
