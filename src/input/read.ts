import { ImageGuardError } from '../errors.js';
import type { ModerationInput } from '../options.js';

/**
 * Turns any accepted input into the file's original bytes (what is hashed and decoded). The bytes returned are
 * always a fresh copy the library owns, because they are transferred to the worker and the caller's buffer must
 * stay usable.
 */
export async function readInput(input: ModerationInput, signal?: AbortSignal): Promise<Uint8Array> {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return new Uint8Array(await input.arrayBuffer());
  if (input instanceof ArrayBuffer) return new Uint8Array(input.slice(0));
  if (input instanceof Uint8Array) return input.slice();
  if (typeof input === 'string') return readString(input, signal);
  throw new ImageGuardError(
    'invalid_input',
    `moderate() takes a File, Blob, ArrayBuffer, Uint8Array, URL, data URL or base64 string; got ${describe(input)}.`,
  );
}

/** A string is a data URL, an absolute or relative URL, or bare base64 (ContentMod accepts all three). */
export function classifyString(text: string): 'data-url' | 'url' | 'base64' {
  const trimmed = text.trim();
  if (/^data:/i.test(trimmed)) return 'data-url';
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return 'url';
  // Bare base64 of a JPEG starts with "/9j/", so a leading slash alone does not make a URL: the alphabet and
  // the length decide. A path such as "/img/cat.jpg" has a dot and fails the alphabet test.
  const compact = trimmed.replace(/\s+/g, '');
  if (compact.length >= 8 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return 'base64';
  return 'url';
}

async function readString(text: string, signal?: AbortSignal): Promise<Uint8Array> {
  switch (classifyString(text)) {
    case 'data-url':
      return decodeDataUrl(text.trim());
    case 'base64':
      return decodeBase64(text.replace(/\s+/g, ''));
    case 'url':
      return fetchBytes(text.trim(), signal);
  }
}

export function decodeDataUrl(dataUrl: string): Uint8Array {
  const comma = dataUrl.indexOf(',');
  if (comma < 0) throw new ImageGuardError('invalid_input', 'That data URL has no comma, so it carries no data.');
  const header = dataUrl.slice(5, comma);
  const payload = dataUrl.slice(comma + 1);
  if (/;base64$/i.test(header)) return decodeBase64(payload.replace(/\s+/g, ''));
  return new TextEncoder().encode(decodeURIComponent(payload));
}

export function decodeBase64(base64: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(base64);
  } catch (cause) {
    throw new ImageGuardError('invalid_input', 'That string is not valid base64.', { cause });
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function fetchBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const base = typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
  let response: Response;
  try {
    response = await fetch(base ? new URL(url, base) : url, signal ? { signal } : {});
  } catch (cause) {
    if (signal?.aborted) throw new ImageGuardError('aborted', 'The check was cancelled before it finished.', { cause });
    throw new ImageGuardError('fetch_failed', `Could not download the image from ${url}: ${String(cause)}.`, { cause });
  }
  if (!response.ok) {
    throw new ImageGuardError('fetch_failed', `Could not download the image from ${url}: HTTP ${response.status}.`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}
