import { invalidOption, knownKeys, show } from '../config/checks.js';
import { ImageGuardError } from '../errors.js';
import type { BatchOptions, ModerateOptions } from '../options.js';

// Written as records so the compiler refuses a list that misses or invents an option.
const moderateKeys: Record<keyof ModerateOptions, true> = {
  meta: true,
  actorId: true,
  policy: true,
  signal: true,
  timeoutMs: true,
  callbackUrl: true,
  defer: true,
};
const { defer: _notInBatches, ...sharedKeys } = moderateKeys;
const batchKeys: Record<keyof BatchOptions, true> = { ...sharedKeys, concurrency: true, onProgress: true };

/**
 * The options of one `moderate()` or `moderateBatch()` call, checked as `createImageGuard`'s are: a misspelt key
 * (`actorID`, `deffer`) or a wrong type is an 'invalid_options' error naming it, not an option silently ignored.
 * The values with checks of their own (policy, timeoutMs, callbackUrl, concurrency) are checked where they are read.
 */
export function checkCallOptions(options: unknown, call: 'moderate' | 'moderateBatch'): void {
  if (options === undefined) return;
  const known = Object.keys(call === 'moderate' ? moderateKeys : batchKeys);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOption(`${call}()'s options must be an object, got ${show(options)}`);
  }
  const given = knownKeys(options, '', known, `${call}()'s options`);
  const { actorId, signal, defer, onProgress } = given;
  if (actorId !== undefined && typeof actorId !== 'string') {
    throw invalidOption(`actorId must be a string, got ${show(actorId)}`);
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalidOption(`signal must be an AbortSignal, got ${show(signal)}`);
  }
  if (defer !== undefined && typeof defer !== 'boolean') {
    throw invalidOption(`defer must be true or false, got ${show(defer)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw invalidOption(`onProgress must be a function, got ${show(onProgress)}`);
  }
}

/** Duck-typed: a signal from another realm (an iframe, a polyfill) is not `instanceof` this realm's AbortSignal. */
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

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
