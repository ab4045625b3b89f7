import { ImageGuardError } from '../errors.js';

/** An absolute http(s) URL, resolved against the page; null when none was given. */
export function checkCallbackUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  const base = typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url, base);
  } catch {
    // reported below with the other unusable URLs
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ImageGuardError('invalid_options', `callbackUrl must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return parsed.href;
}
