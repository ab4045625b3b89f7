import { describe, expect, it } from 'vitest';
import {
  cleanLine,
  encodePgm,
  rotateBy,
  halve,
  invert,
  isLightOnDark,
  otsuThreshold,
  rotate,
  sauvola,
  stretchContrast,
  toGray,
  unbend,
  unrotateBox,
  type GrayImage,
} from '../../src/analyzers/text/preprocess.js';
import { ocrSize } from '../../src/analyzers/text/size.js';

/** A w×h RGBA image from a function of (x, y) to [r, g, b, a]. */
function rgba(width: number, height: number, pixel: (x: number, y: number) => number[]) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
}

function gray(width: number, height: number, value: (x: number, y: number) => number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { width, height, data };
}

/** A bar of "ink" in the middle third of the rows. */
const inkAt = (x: number, y: number) => y >= 3 && y < 6 && x >= 2 && x < 8;

describe('toGray: transparency', () => {
  it('white text that lives only in the alpha channel keeps its contrast (on white it would vanish)', () => {
    const image = toGray(rgba(10, 9, (x, y) => [255, 255, 255, inkAt(x, y) ? 255 : 0]));
    expect(image.data[4 * 10 + 4]).toBeGreaterThan(200); // ink
    expect(image.data[0]).toBeLessThan(50); // transparent background, put on black
    // The polarity step then makes it dark ink on a light page.
    expect(isLightOnDark(image)).toBe(true);
    expect(invert(image).data[4 * 10 + 4]).toBeLessThan(50);
  });

  it('black text on transparency stays dark on light', () => {
    const image = toGray(rgba(10, 9, (x, y) => [0, 0, 0, inkAt(x, y) ? 255 : 0]));
    expect(image.data[4 * 10 + 4]).toBeLessThan(50);
    expect(image.data[0]).toBeGreaterThan(200);
  });

  it('an opaque image is plain luminance', () => {
    const image = toGray(rgba(2, 1, (x) => (x === 0 ? [255, 0, 0, 255] : [0, 0, 255, 255])));
    expect([...image.data]).toEqual([76, 28]);
  });
});

describe('contrast and polarity', () => {
  it('stretches grey-on-grey to the full range', () => {
    const stretched = stretchContrast(gray(10, 9, (x, y) => (inkAt(x, y) ? 150 : 180)));
    expect(stretched.data[4 * 10 + 4]).toBe(0);
    expect(stretched.data[0]).toBe(255);
  });

  it('tells light-on-dark from dark-on-light by the border', () => {
    const sign = gray(10, 9, (x, y) => (inkAt(x, y) ? 240 : 20));
    expect(isLightOnDark(sign)).toBe(true);
    expect(isLightOnDark(invert(sign))).toBe(false);
  });

  it("Otsu's threshold splits two levels", () => {
    const threshold = otsuThreshold(gray(10, 9, (x, y) => (inkAt(x, y) ? 40 : 210)).data);
    expect(threshold).toBeGreaterThanOrEqual(40);
    expect(threshold).toBeLessThan(210);
  });

  it('Sauvola keeps ink that a gradient puts on both sides of any global threshold', () => {
    // Paper lit from 60 (left) to 250 (right); ink reflects 40% of the light wherever it is.
    const image = gray(120, 40, (x, y) => {
      const light = 60 + (190 * x) / 119;
      return Math.round(y >= 15 && y < 25 && x % 10 < 4 ? light * 0.4 : light);
    });
    // No global threshold separates ink on the right (up to 100) from paper on the left (from 60).
    expect(image.data[20 * 120 + 110]).toBeGreaterThan(image.data[5 * 120 + 1]!);
    const binary = sauvola(image);
    const at = (x: number, y: number) => binary.data[y * 120 + x];
    expect([at(1, 20), at(110, 20)]).toEqual([0, 0]); // ink at both ends
    expect([at(5, 5), at(115, 5)]).toEqual([255, 255]); // background at both ends
  });
});

describe('halve', () => {
  it('averages each 2×2 block and drops an odd last row and column', () => {
    const image = { width: 3, height: 3, data: new Uint8Array([0, 100, 9, 200, 255, 9, 9, 9, 9]) };
    expect(halve(image)).toEqual({ width: 1, height: 1, data: new Uint8Array([139]) });
  });
});

describe('rotation', () => {
  const image = gray(3, 2, (x, y) => y * 3 + x); // 0 1 2 / 3 4 5

  it('turns quarter turns clockwise', () => {
    expect(rotate(image, 1)).toEqual({ width: 2, height: 3, data: Uint8Array.from([3, 0, 4, 1, 5, 2]) });
    expect(rotate(image, 2).data).toEqual(Uint8Array.from([5, 4, 3, 2, 1, 0]));
    expect(rotate(rotate(image, 1), 3)).toEqual(image);
  });

  it('maps a box read in the rotated image back to the upright one', () => {
    // The top-left pixel of the upright 3×2 image sits at the top-right of its clockwise turn (2×3).
    expect(unrotateBox({ x0: 1, y0: 0, x1: 2, y1: 1 }, 1, { width: 2, height: 3 })).toEqual({
      x: 0,
      y: 0,
      width: 1 / 3,
      height: 0.5,
    });
    const box = unrotateBox({ x0: 0, y0: 0, x1: 1, y1: 1 }, 2, { width: 3, height: 2 });
    expect(box.x).toBeCloseTo(2 / 3, 9);
    expect(box.y).toBe(0.5);
    expect(box.width).toBeCloseTo(1 / 3, 9);
    expect(box.height).toBe(0.5);
  });
});

describe('OCR input', () => {
  it('encodes a binary PGM', () => {
    const file = encodePgm(gray(2, 1, (x) => x * 255));
    expect(new TextDecoder().decode(file.slice(0, 11))).toBe('P5\n2 1\n255\n');
    expect([...file.slice(11)]).toEqual([0, 255]);
  });

  it('scales small images up (at most 3x) and large ones down to 2,000 px', () => {
    expect(ocrSize(260, 40)).toEqual({ width: 780, height: 120 });
    expect(ocrSize(500, 250)).toEqual({ width: 1000, height: 500 });
    expect(ocrSize(1280, 1920)).toEqual({ width: 1280, height: 1920 });
    expect(ocrSize(4000, 3000)).toEqual({ width: 2000, height: 1500 });
  });
});

describe('rotateBy and cleanLine', () => {
  const blank = (width: number, height: number, value = 255) => ({ width, height, data: new Uint8Array(width * height).fill(value) });

  it('rotateBy turns a horizontal bar upright at a quarter turn and keeps the size, filling what comes in', () => {
    const image = blank(21, 21);
    for (let x = 4; x <= 16; x++) image.data[10 * 21 + x] = 0;
    const turned = rotateBy(image, Math.PI / 2, 255);
    expect(turned.width).toBe(21);
    expect(turned.data[4 * 21 + 10]).toBe(0);
    expect(turned.data[16 * 21 + 10]).toBe(0);
    expect(turned.data[10 * 21 + 4]).toBe(255);
    expect(rotateBy(blank(5, 5, 0), Math.PI / 4, 255).data[0]).toBeGreaterThan(200);
  });

  it('cleanLine keeps the letters and drops ink that touches the edge of the cut', () => {
    const image = blank(40, 20, 200);
    for (let y = 0; y < 20; y++) image.data[y * 40] = 10; // the edge of a sign along the left side
    for (let y = 6; y < 14; y++) for (let x = 15; x < 25; x++) image.data[y * 40 + x] = 20; // a letter
    const clean = cleanLine(image);
    expect(clean.data[10 * 40]).toBe(255);
    expect(clean.data[10 * 40 + 20]).toBe(0);
    expect(clean.data[2 * 40 + 20]).toBe(255);
  });

  it('cleanLine leaves a line alone when the edge holds most of its ink (a neon glow joined to it)', () => {
    const image = blank(40, 20, 200);
    for (let y = 0; y < 20; y++) for (let x = 0; x < 30; x++) image.data[y * 40 + x] = 30;
    expect(cleanLine(image)).toBe(image);
  });
});

describe('unbend', () => {
  it('unrolls a band drawn along a parabola onto a straight row, its length the arc length', () => {
    const width = 300;
    const height = 200;
    const data = new Uint8Array(width * height).fill(255);
    const curve = { cx: 150, cy: 60, slope: 0, bend: 0.004 };
    for (let x = 20; x < 280; x++) {
      const y = Math.round(curve.cy + curve.bend * (x - curve.cx) ** 2);
      for (let dy = -1; dy <= 1; dy++) if (y + dy < height) data[(y + dy) * width + x] = 0;
    }
    const out = unbend({ width, height, data }, curve, 40, 260, 20, 255);
    expect(out.height).toBe(40);
    // Arc length of y = 0.004·d² for d in [−110, 110]: about 246 px, longer than the 220 px chord.
    expect(out.width).toBeGreaterThan(240);
    expect(out.width).toBeLessThan(252);
    const row = (v: number) => Array.from(out.data.subarray(v * out.width, (v + 1) * out.width));
    const dark = (values: number[]) => values.filter((value) => value < 128).length / values.length;
    expect(dark(row(20))).toBeGreaterThan(0.9);
    expect(dark(row(5))).toBe(0);
    expect(dark(row(35))).toBe(0);
  });
});
