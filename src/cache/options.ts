import { ImageGuardError } from '../errors.js';

/** The guard's `cache` option: false turns the verdict cache off. */
export type CacheOption = boolean | { name?: string; maxEntries?: number };

export interface CacheSettings {
  /** The IndexedDB database name; guards that share it share cached evidence (keyed by what analysed it). */
  name: string;
  /** Least recently used entries beyond this are deleted. */
  maxEntries: number;
}

export const DEFAULT_CACHE: CacheSettings = { name: 'image-guard-kit', maxEntries: 500 };

/** null when the cache is off; 'invalid_options' for a name or size that cannot work. Pure. */
export function resolveCacheOptions(option: CacheOption | undefined): CacheSettings | null {
  if (option === false) return null;
  if (option === undefined || option === true) return DEFAULT_CACHE;
  const name = option.name ?? DEFAULT_CACHE.name;
  const maxEntries = option.maxEntries ?? DEFAULT_CACHE.maxEntries;
  if (typeof name !== 'string' || name === '') {
    throw new ImageGuardError('invalid_options', `cache.name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new ImageGuardError('invalid_options', `cache.maxEntries must be a whole number of at least 1, got ${maxEntries}`);
  }
  return { name, maxEntries };
}
