import { describe, expect, it } from 'vitest';
import { measureQuality } from '../../src/analyzers/quality/index.js';
import type { RgbaImage } from '../../src/input/pixels.js';

// Image quality on synthetic pictures whose answer is known: a sharp checkerboard and blurred copies of it, flat
// black and white frames, and the checkerboard with grain added. Pure arithmetic, no model, no browser.

const SIZE = 256;

function image(grey: (x: number, y: number) => number, size = SIZE): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = grey(x, y);
      data[i + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

/** 16 px squares, dark and light grey (not the extremes, so exposure is not what is measured). */
const checker = (x: number, y: number) => ((Math.floor(x / 16) + Math.floor(y / 16)) % 2 ? 200 : 40);

/** `grey` through a Gaussian blur of `sigma` px, as a lens out of focus spreads each edge (sampled, then rounded). */
function blurred(grey: (x: number, y: number) => number, sigma: number): (x: number, y: number) => number {
  const radius = Math.ceil(3 * sigma);
  const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((a, b) => a + b, 0);
  // Separable: blur the rows, then blur those results down the columns.
  const row = (x: number, y: number) => weights.reduce((sum, w, i) => sum + w * grey(x + i - radius, y), 0) / total;
  const cache = new Map<number, number>();
  const rowCached = (x: number, y: number) => {
    const key = y * 4096 + x + 2048;
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = row(x, y)));
    return value;
  };
  return (x, y) => weights.reduce((sum, w, i) => sum + w * rowCached(x, y + i - radius), 0) / total;
}

/** A deterministic pseudo-random generator (mulberry32), so the grain is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian grain of standard deviation `sigma` grey levels (Box-Muller). */
function withNoise(grey: (x: number, y: number) => number, sigma: number): (x: number, y: number) => number {
  const next = random(42);
  return (x, y) => grey(x, y) + sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

const measure = (grey: (x: number, y: number) => number) => measureQuality(image(grey), 1600, 1200);

describe('sharpness', () => {
  it('is 1 for a sharp checkerboard and falls as the same board is blurred more', () => {
    const scores = [0, 2, 3, 4].map((sigma) => measure(sigma === 0 ? checker : blurred(checker, sigma)).sharpness);
    expect(scores[0]).toBe(1);
    expect(scores[1]).toBeLessThan(0.75);
    expect(scores[2]).toBeLessThan(scores[1]!);
    expect(scores[3]).toBeLessThan(scores[2]!);
    expect(scores[3]).toBeLessThan(0.35);
  });

  it('does not depend on contrast: a faint sharp board is as sharp as a strong one', () => {
    const faintChecker = (x: number, y: number) => (checker(x, y) === 200 ? 150 : 90);
    expect(measure(faintChecker).sharpness).toBe(1);
    expect(measure(blurred(faintChecker, 3)).sharpness).toBeLessThan(0.5);
  });

  it('calls a flat frame sharp: there is nothing in it to be blurred', () => {
    expect(measure(() => 128).sharpness).toBe(1);
  });
});

describe('exposure and brightness', () => {
  it('a black frame is 0, too dark; a white frame is 0, too bright', () => {
    const black = measure(() => 0);
    expect(black.exposure).toBe(0);
    expect(black.brightness).toBe(0);
    const white = measure(() => 255);
    expect(white.exposure).toBe(0);
    expect(white.brightness).toBe(1);
  });

  it('a well-exposed board is 1; the same board darkened nearly to black is near 0', () => {
    expect(measure(checker).exposure).toBe(1);
    const dark = measure((x, y) => checker(x, y) / 40);
    expect(dark.exposure).toBeLessThan(0.1);
    expect(dark.brightness).toBeLessThan(0.05);
  });

  it('white text on black (a dark-mode screenshot) is not underexposed, and black text on white not overexposed', () => {
    const lines = (x: number, y: number) => y % 12 < 3 && x % 40 < 30;
    expect(measure((x, y) => (lines(x, y) ? 255 : 0)).exposure).toBe(1);
    expect(measure((x, y) => (lines(x, y) ? 0 : 255)).exposure).toBe(1);
  });
});

describe('noise', () => {
  it('is about 1 for a clean board, and falls as grain is added', () => {
    const clean = measure(checker).noise;
    const light = measure(withNoise(checker, 4)).noise;
    const heavy = measure(withNoise(checker, 25)).noise;
    expect(clean).toBeGreaterThan(0.95);
    expect(light).toBeGreaterThan(0.6);
    expect(light).toBeLessThan(clean);
    expect(heavy).toBeLessThan(0.15);
  });

  it('estimates the grain, not the edges: a busy sharp board of 8 px squares without grain is clean', () => {
    const busy = measure((x, y) => ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 ? 200 : 40));
    expect(busy.noise).toBeGreaterThan(0.95);
  });
});

describe('resolution and overall', () => {
  it('is 0 at 64×64, 0.5 at 256×256 and 1 from a megapixel, whatever the measured copy', () => {
    const board = image(checker);
    expect(measureQuality(board, 64, 64).resolution).toBe(0);
    expect(measureQuality(board, 256, 256).resolution).toBe(0.5);
    expect(measureQuality(board, 1024, 1024).resolution).toBe(1);
    expect(measureQuality(board, 4000, 3000).resolution).toBe(1);
  });

  it('overall is the weakest score, halved at the smallest sizes', () => {
    const soft = measureQuality(image(blurred(checker, 2)), 1600, 1200);
    expect(soft.overall).toBe(Math.min(soft.sharpness, soft.exposure, soft.noise));
    const tiny = measureQuality(image(checker), 64, 64);
    expect(tiny.overall).toBeCloseTo(0.5 * Math.min(tiny.sharpness, tiny.exposure, tiny.noise), 2);
  });
});
