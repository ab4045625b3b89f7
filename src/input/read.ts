import { ImageGuardError, abortError } from '../errors.js';
import type { ModerationInput } from '../options.js';

/** How long a URL input may take to download, when the guard's `fetchTimeoutMs` does not say. */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;

/** How a URL input is downloaded. */
export interface UrlReading {
  /** The download stops, refused with 'file_too_large', as soon as more than this has arrived. */
  maxBytes: number;
  /** The whole download (answer and body), in ms. */
  timeoutMs: number;
  /** 'omit' by default: an image URL does not need the page's cookies, and a third party's must not get them. */
  credentials: RequestCredentials;
  signal?: AbortSignal | undefined;
}

const UNBOUNDED: UrlReading = { maxBytes: Infinity, timeoutMs: DEFAULT_FETCH_TIMEOUT_MS, credentials: 'omit' };

/**
 * Turns any accepted input into the file's original bytes (what is hashed and decoded). The bytes returned are
 * always a fresh copy the library owns, because they are transferred to the worker and the caller's buffer must
 * stay usable.
 */
export async function readInput(input: ModerationInput, reading: Partial<UrlReading> = {}): Promise<Uint8Array> {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return new Uint8Array(await input.arrayBuffer());
  if (input instanceof ArrayBuffer) return new Uint8Array(input.slice(0));
  if (input instanceof Uint8Array) return input.slice();
  if (typeof input === 'string') return readString(input, { ...UNBOUNDED, ...reading });
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

async function readString(text: string, reading: UrlReading): Promise<Uint8Array> {
  switch (classifyString(text)) {
    case 'data-url':
      return decodeDataUrl(text.trim());
    case 'base64':
      return decodeBase64(text.replace(/\s+/g, ''));
    case 'url':
      return fetchBytes(text.trim(), reading);
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

/**
 * Downloads a URL input within its time limit, reading the body as a stream so that a file over `maxBytes` is cut
 * off as soon as it passes the limit (or before, from its Content-Length), never held whole in memory.
 */
async function fetchBytes(url: string, reading: UrlReading): Promise<Uint8Array> {
  const base = typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
  const { signal, timeoutMs, maxBytes } = reading;
  // One controller ends the request for any reason: the caller's abort, the time limit, or too many bytes.
  const controller = new AbortController();
  let stopped: ImageGuardError | null = null;
  const stop = (reason: ImageGuardError) => {
    stopped ??= reason;
    controller.abort();
  };
  const onAbort = () => stop(abortError());
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => stop(new ImageGuardError('timeout', `Downloading the image from ${url} took longer than ${timeoutMs / 1000} s (fetchTimeoutMs), so it was stopped.`)),
    timeoutMs,
  );
  try {
    const response = await fetch(base ? new URL(url, base) : url, { signal: controller.signal, credentials: reading.credentials });
    if (!response.ok) {
      throw new ImageGuardError('fetch_failed', `Could not download the image from ${url}: HTTP ${response.status}.`);
    }
    const declared = response.headers.get('content-length');
    if (declared !== null && Number(declared) > maxBytes) {
      controller.abort();
      throw tooLarge(url, maxBytes, `it is ${megabytes(Number(declared))}`);
    }
    return await readBody(response, maxBytes, () => {
      controller.abort();
      return tooLarge(url, maxBytes, `more than that had arrived`);
    });
  } catch (cause) {
    if (stopped) throw stopped;
    if (cause instanceof ImageGuardError) throw cause;
    throw new ImageGuardError('fetch_failed', `Could not download the image from ${url}: ${String(cause)}.`, { cause });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The body's bytes, or `overLimit()`'s error as soon as more than `maxBytes` have arrived. */
async function readBody(response: Response, maxBytes: number, overLimit: () => ImageGuardError): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw overLimit();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(url: string, maxBytes: number, detail: string): ImageGuardError {
  return new ImageGuardError(
    'file_too_large',
    `The image at ${url} is over the ${megabytes(maxBytes)} limit (${detail}), so its download was stopped.`,
  );
}

/** Sizes as people read them; a limit set in kilobytes is not shown as "0.0 MB". */
const megabytes = (size: number) =>
  size < 1e6 ? `${Math.round(size / 1e3)} kB` : `${(size / 1e6).toFixed(size < 1e7 ? 1 : 0)} MB`;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}
