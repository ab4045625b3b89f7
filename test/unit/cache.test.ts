import { describe, expect, it } from 'vitest';
import { cacheKey, evidenceFingerprint, type EvidenceSource } from '../../src/cache/key.js';
import { DEFAULT_CACHE, resolveCacheOptions } from '../../src/cache/options.js';

const source: EvidenceSource = {
  library: '0.1.0',
  worker: 'https://example.test/assets/worker-3f9a1c.js',
  backend: 'wasm',
  analyzers: {
    nsfw: { model: 'mobilenet_v2', maxPasses: 4, turns: false },
    faces: true,
    text: true,
    objects: { maxLabels: 10, minConfidence: 0.3 },
    quality: true,
  },
  limits: { maxBytes: 50_000_000, maxPixels: 50_000_000, maxFrames: 8, maxDecodedPixels: 500_000_000 },
};

describe('evidenceFingerprint', () => {
  it('does not depend on the order keys were written in', () => {
    const reordered: EvidenceSource = {
      limits: { maxDecodedPixels: 500_000_000, maxFrames: 8, maxPixels: 50_000_000, maxBytes: 50_000_000 },
      analyzers: {
        quality: true,
        objects: { minConfidence: 0.3, maxLabels: 10 },
        text: true,
        faces: true,
        nsfw: { model: 'mobilenet_v2', maxPasses: 4, turns: false },
      },
      backend: 'wasm',
      worker: 'https://example.test/assets/worker-3f9a1c.js',
      library: '0.1.0',
    };
    expect(evidenceFingerprint(reordered)).toBe(evidenceFingerprint(source));
  });

  it.each<[string, Partial<EvidenceSource>]>([
    ['another library version', { library: '0.2.0' }],
    ['another worker build (analysis code or bundled model libraries)', { worker: 'https://example.test/assets/worker-77b0e2.js' }],
    ['another tfjs backend', { backend: 'webgl' }],
    ['the face analyzer off', { analyzers: { ...source.analyzers, faces: null } }],
    ['the text analyzer off', { analyzers: { ...source.analyzers, text: null } }],
    ['the NSFW analyzer off', { analyzers: { ...source.analyzers, nsfw: null } }],
    ['the object detector off', { analyzers: { ...source.analyzers, objects: null } }],
    ['other object labels kept', { analyzers: { ...source.analyzers, objects: { maxLabels: 3, minConfidence: 0.5 } } }],
    ['the quality measures off', { analyzers: { ...source.analyzers, quality: null } }],
    ['fewer animation frames sampled', { limits: { ...source.limits, maxFrames: 4 } }],
    ['a lower pixel limit', { limits: { ...source.limits, maxPixels: 1_000_000 } }],
  ])('changes with %s, so that evidence is not reused', (_name, change) => {
    expect(evidenceFingerprint({ ...source, ...change })).not.toBe(evidenceFingerprint(source));
  });

  it('keys an image by its hash and the fingerprint', () => {
    const hash = 'a'.repeat(64);
    const fingerprint = evidenceFingerprint(source);
    expect(cacheKey(hash, fingerprint)).toBe(cacheKey(hash, evidenceFingerprint({ ...source })));
    expect(cacheKey(hash, fingerprint)).not.toBe(cacheKey('b'.repeat(64), fingerprint));
    expect(cacheKey(hash, fingerprint).startsWith(hash)).toBe(true);
  });
});

describe('resolveCacheOptions', () => {
  it('is on by default, off with false', () => {
    expect(resolveCacheOptions(undefined)).toEqual(DEFAULT_CACHE);
    expect(resolveCacheOptions(true)).toEqual(DEFAULT_CACHE);
    expect(resolveCacheOptions(false)).toBeNull();
    expect(resolveCacheOptions({ name: 'uploads', maxEntries: 20 })).toEqual({ name: 'uploads', maxEntries: 20 });
    expect(resolveCacheOptions({ maxEntries: 20 })).toEqual({ name: DEFAULT_CACHE.name, maxEntries: 20 });
  });

  it.each([{ name: '' }, { maxEntries: 0 }, { maxEntries: 2.5 }, { maxEntries: Number.NaN }, { maxEntries: Infinity }])(
    'refuses %j with invalid_options',
    (option) => {
      expect(() => resolveCacheOptions(option)).toThrowError(expect.objectContaining({ code: 'invalid_options' }));
    },
  );
});
