import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Evidence } from '../verdict/types.js';
import type { CacheSettings } from './options.js';

/** Evidence as stored: its timings were that call's, not a later one's. */
export type CachedEvidence = Omit<Evidence, 'timings'>;

interface CacheRecord {
  key: string;
  evidence: CachedEvidence;
  /** Date.now() of the last read or write: the least recently used go first. */
  usedAt: number;
}

interface CacheSchema extends DBSchema {
  evidence: { key: string; value: CacheRecord; indexes: { usedAt: number } };
}

/** What the guard needs of an evidence cache (a fake in the guard's unit tests). */
export interface EvidenceStore {
  /** null on a miss, and on any failure. */
  get(key: string): Promise<CachedEvidence | null>;
  /** Never rejects: a write that fails leaves the verdict as it is, uncached. */
  put(key: string, evidence: CachedEvidence): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

/**
 * IndexedDB can stall (an open blocked by another tab, a busy disk); a cache that does not answer in time is a
 * miss, so no moderation ever waits on it for long.
 */
const OPERATION_TIMEOUT_MS = 3_000;

/**
 * Evidence cached in IndexedDB, so it survives reloads. Every failure (no IndexedDB in private mode or an opaque
 * origin, quota, a stalled database) makes it a miss or a no-op, never a failed moderation.
 */
export class EvidenceCache implements EvidenceStore {
  #db: IDBPDatabase<CacheSchema>;
  #maxEntries: number;

  private constructor(db: IDBPDatabase<CacheSchema>, maxEntries: number) {
    this.#db = db;
    this.#maxEntries = maxEntries;
  }

  /** null when IndexedDB or WebCrypto (the key is a SHA-256 hashed on this thread) is unavailable. */
  static async open(settings: CacheSettings): Promise<EvidenceCache | null> {
    if (typeof indexedDB === 'undefined' || !globalThis.crypto?.subtle) return null;
    try {
      let opened: IDBPDatabase<CacheSchema> | undefined;
      const db = await withTimeout(
        openDB<CacheSchema>(settings.name, 1, {
          upgrade(database) {
            database.createObjectStore('evidence', { keyPath: 'key' }).createIndex('usedAt', 'usedAt');
          },
          // A newer version of the library in another tab wants to upgrade: step aside rather than block it.
          blocking() {
            opened?.close();
          },
        }),
      );
      opened = db;
      return new EvidenceCache(db, settings.maxEntries);
    } catch {
      return null;
    }
  }

  async get(key: string): Promise<CachedEvidence | null> {
    try {
      const record = await withTimeout(this.#db.get('evidence', key));
      if (!record) return null;
      // Not awaited: the hit is already known, and the recency update only steers eviction.
      this.#db.put('evidence', { ...record, usedAt: Date.now() }).catch(() => undefined);
      return record.evidence;
    } catch {
      return null;
    }
  }

  async put(key: string, evidence: CachedEvidence): Promise<void> {
    try {
      await withTimeout(this.#putAndEvict(key, evidence));
    } catch {
      // Quota, a closed database: the verdict stands, it is just not cached.
    }
  }

  async #putAndEvict(key: string, evidence: CachedEvidence): Promise<void> {
    const tx = this.#db.transaction('evidence', 'readwrite');
    await tx.store.put({ key, evidence, usedAt: Date.now() });
    let excess = (await tx.store.count()) - this.#maxEntries;
    let cursor = excess > 0 ? await tx.store.index('usedAt').openCursor() : null;
    while (cursor && excess > 0) {
      await cursor.delete();
      excess--;
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  async clear(): Promise<void> {
    try {
      await withTimeout(this.#db.clear('evidence'));
    } catch {
      // Nothing to clear in a database that cannot be reached.
    }
  }

  close(): void {
    this.#db.close();
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('IndexedDB did not answer in time')), OPERATION_TIMEOUT_MS);
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
