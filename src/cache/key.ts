import type { Limits } from '../input/probe.js';
import type { WorkerConfig } from '../runtime/protocol.js';

/** Bumped when the layout of a cache record changes, so old records are never read as new ones. */
export const CACHE_FORMAT = 1;

/** What, besides the bytes, decides the evidence: a change to any of it must miss the cache. */
export interface EvidenceSource {
  /** The library's version. */
  library: string;
  /**
   * The analysis worker's script URL. A production build names it by a hash of its content, which takes in the
   * analyzer code and the model libraries bundled into it (and the chunks it imports), so any change to them
   * gives a new URL.
   */
  worker: string;
  /** The tfjs backend the models ran on: wasm, webgl and cpu give slightly different scores. */
  backend: string | null;
  analyzers: WorkerConfig['analyzers'];
  /** maxFrames decides which frames are sampled, and the other limits which files are refused at all. */
  limits: Limits;
}

/**
 * A stable string for an evidence source: the same source always gives the same string, whatever the order its
 * keys were written in. Pure.
 */
export function evidenceFingerprint(source: EvidenceSource): string {
  return canonicalJson({ format: CACHE_FORMAT, ...source });
}

/** The cache key of one image: the SHA-256 of its bytes, then the fingerprint of what analysed it. */
export function cacheKey(hash: string, fingerprint: string): string {
  return `${hash} ${fingerprint}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
