import { describe, expect, it } from 'vitest';
import { halve, resizeRgba } from '../../src/node/resize.js';
import type { RgbaImage } from '../../src/input/pixels.js';

// Chromium's canvas resampling in Node, on arrays small enough to work out by hand. That it equals Chromium's own
// output on photos is checked against the browser in test/browser/node-verify.spec.ts.

/** An opaque grey image from its grey levels, row by row. */
function grey(width: number, levels: number[]): RgbaImage {
  return { width, height: levels.length / width, data: new Uint8ClampedArray(levels.flatMap((level) => [level, level, level, 255])) };
}

const levels = ({ data }: RgbaImage) => [...data].filter((_, i) => i % 4 === 0);

describe('nearest', () => {
  it('takes the pixel under each centre, and the earlier one when a centre falls on an edge (Skia)', () => {
    // 4 → 2: centres at 1.0 and 3.0, exactly on edges: Skia's 1/65536 bias picks pixels 0 and 2.
    expect(levels(resizeRgba(grey(4, [10, 20, 30, 40]), 2, 1, 'nearest', 'white'))).toEqual([10, 30]);
    // 3 → 2: centres at 0.75 and 2.25.
    expect(levels(resizeRgba(grey(3, [10, 20, 30]), 2, 1, 'nearest', 'white'))).toEqual([10, 30]);
    // 2 → 5 enlarges by repeating.
    expect(levels(resizeRgba(grey(2, [10, 20]), 5, 1, 'nearest', 'white'))).toEqual([10, 10, 10, 20, 20]);
  });
});

describe('mipmaps', () => {
  it('halve with a 2×2 box along even sides and 1-2-1 taps along odd ones, truncating', () => {
    expect(levels(halve(grey(2, [0, 1, 1, 1])))).toEqual([0]);
    expect(levels(halve(grey(4, [10, 20, 30, 41])))).toEqual([15, 35]);
    expect(levels(halve(grey(3, [10, 20, 30])))).toEqual([20]);
  });

  it('shrink by half from level 0 and level 1 blended', () => {
    // Area scale 1/4: level log2(2) - 0.5 = 0.5, so level 0 and level 1 blend half and half.
    const image = grey(4, [0, 0, 100, 100, 0, 0, 100, 100]);
    expect(levels(resizeRgba(image, 2, 1, 'smooth', 'white'))).toEqual([0, 100]);
  });

  it('keep a flat image flat at any size', () => {
    const flat = grey(7, new Array(35).fill(90));
    for (const [width, height] of [[3, 2], [2, 5], [6, 4], [14, 10], [1, 1]]) {
      expect(new Set(levels(resizeRgba(flat, width!, height!, 'smooth', 'white')))).toEqual(new Set([90]));
    }
  });
});

describe('enlarging (Mitchell)', () => {
  it('is smooth and symmetric, and stays within the source range on a step', () => {
    const out = levels(resizeRgba(grey(2, [0, 200]), 8, 1, 'smooth', 'white'));
    expect(out).toEqual([...out].reverse().map((level) => 200 - level));
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(out[0]).toBeLessThan(out[7]!);
  });
});

describe('transparency', () => {
  const half = { width: 1, height: 1, data: new Uint8ClampedArray([200, 0, 0, 128]) };

  it('is composited on white by default, as a viewer shows it (200 × 128/255 + 127)', () => {
    expect([...resizeRgba(half, 1, 1, 'nearest', 'white').data]).toEqual([227, 127, 127, 255]);
  });

  it('is kept for OCR, read back through a premultiplied canvas (200 × 128/255 is stored as 100, read as 199)', () => {
    expect([...resizeRgba(half, 2, 2, 'smooth', 'transparent').data.subarray(0, 4)]).toEqual([199, 0, 0, 128]);
    expect([...resizeRgba({ ...half, data: new Uint8ClampedArray([200, 0, 0, 0]) }, 1, 1, 'nearest', 'transparent').data]).toEqual([0, 0, 0, 0]);
  });
});
