import { describe, expect, it } from 'vitest';
import { CURVED_SAG, findTextLines, hasText, sag, isTextLine, pageSlant, slantedAmongOthers, type TextLine } from '../../src/analyzers/text/detect.js';
import type { GrayImage } from '../../src/analyzers/text/preprocess.js';

/** A white page (or `background`) of `width`×`height`. */
function page(width: number, height: number, background = 235): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(background) };
}

function paint(image: GrayImage, x: number, y: number, w: number, h: number, value: number): void {
  for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) image.data[row * image.width + col] = value;
}

/** A letter-like glyph: a ring of 2 px strokes, `size` tall, 0.7 of it wide (an "O" or a "D"). */
function glyph(image: GrayImage, x: number, y: number, size: number, ink: number): void {
  const w = Math.round(size * 0.7);
  paint(image, x, y, w, 2, ink);
  paint(image, x, y + size - 2, w, 2, ink);
  paint(image, x, y, 2, size, ink);
  paint(image, x + w - 2, y, 2, size, ink);
}

function word(image: GrayImage, x: number, y: number, letters: number, size: number, ink = 20): void {
  for (let i = 0; i < letters; i++) glyph(image, x + i * Math.round(size * 0.9), y, size, ink);
}

describe('findTextLines', () => {
  it('finds a line of letters, its height, and says there is text', () => {
    const image = page(400, 120);
    word(image, 30, 40, 8, 20);
    const lines = findTextLines(image);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ letterHeight: 20, lightOnDark: false, vertical: false });
    // Each ring is found against the global and the local threshold: up to two blobs a letter.
    expect(lines[0]!.letters).toBeGreaterThanOrEqual(8);
    expect(lines[0]!.letters).toBeLessThanOrEqual(16);
    expect(Math.abs(lines[0]!.angle)).toBeLessThan(0.01);
    expect(lines[0]!.x).toBeLessThanOrEqual(30);
    expect(hasText(lines)).toBe(true);
  });

  it('finds light letters on a dark board, and two lines as two', () => {
    const image = page(400, 160, 30);
    word(image, 30, 30, 6, 22, 240);
    word(image, 30, 90, 7, 22, 240);
    const lines = findTextLines(image);
    expect(lines.map((line) => line.lightOnDark)).toEqual([true, true]);
    expect(lines[0]!.y).toBeLessThan(lines[1]!.y);
    expect(lines[1]!.letters).toBeGreaterThan(lines[0]!.letters);
  });

  it('finds the letters of a page turned a quarter as an upright line', () => {
    const image = page(120, 400);
    for (let i = 0; i < 9; i++) glyph(image, 40, 20 + i * 30, 20, 20);
    const lines = findTextLines(image).filter(isTextLine);
    expect(lines.map((line) => line.vertical)).toEqual([true]);
  });

  it('sees no text in solid blobs, in blobs scattered up and down, or in blobs of mixed sizes', () => {
    const solid = page(400, 120);
    for (let i = 0; i < 8; i++) paint(solid, 30 + i * 20, 40, 14, 20, 20);
    expect(hasText(findTextLines(solid))).toBe(false);
    const scattered = page(400, 200);
    for (let i = 0; i < 8; i++) glyph(scattered, 30 + i * 18, 30 + ((i * 37) % 5) * 25, 20, 20);
    expect(hasText(findTextLines(scattered))).toBe(false);
    const mixed = page(400, 200);
    [10, 40, 12, 36, 9, 44].forEach((size, i) => glyph(mixed, 20 + i * 50, 150 - size, size, 20));
    expect(hasText(findTextLines(mixed))).toBe(false);
  });

  it('measures a slanted line\'s angle', () => {
    const image = page(500, 200);
    for (let i = 0; i < 10; i++) glyph(image, 30 + i * 20, 40 + i * 3, 20, 20);
    const [line] = findTextLines(image);
    expect(line!.angle).toBeCloseTo(Math.atan(3 / 20), 2);
  });

  it('finds nothing on a blank page, in linear time on a large one', () => {
    expect(findTextLines(page(800, 600))).toEqual([]);
  });
});

describe('hasText, the gate', () => {
  // Lines as bench/ocr-gate.mjs measures them on the text set and on photos without text.
  const base: TextLine = {
    x: 10, y: 10, width: 120, height: 30, letterHeight: 25, lightOnDark: false, angle: 0, letters: 10, vertical: false,
    blobs: 10, strokeSpread: 0.1, distinct: 5, distinctBlobs: 5, heightShare: 0.08, heightSpread: 0.15, align: 0.04, gapSpread: 0.2,
    curve: { cx: 70, cy: 25, slope: 0, bend: 0 },
  };
  const of = (change: Partial<TextLine>): TextLine => ({ ...base, ...change });

  it('takes a short line whose letters both thresholds find (printed ink), even curved or uneven', () => {
    expect(hasText([base])).toBe(true);
    // The curved COFFEE HOUSE crop: 9 blobs, 5 letters, heights spread 0.29, residual 0.06.
    expect(hasText([of({ letters: 9, blobs: 9, distinct: 5, heightSpread: 0.29, align: 0.06, angle: -0.15 })])).toBe(true);
  });

  it('refuses a photo\'s chains: blobs found by one threshold, up and down, of mixed strokes', () => {
    // sample3 of face-api: 5 blobs, 4 once, residual 0.09; leaves: twins but off the line (0.16).
    expect(hasText([of({ letters: 5, blobs: 5, distinct: 4, distinctBlobs: 4, heightSpread: 0.25, align: 0.09 })])).toBe(false);
    expect(hasText([of({ letters: 9, blobs: 9, distinct: 6, distinctBlobs: 6, heightSpread: 0.29, align: 0.16 })])).toBe(false);
    expect(hasText([of({ letters: 5, blobs: 5, distinct: 3, distinctBlobs: 3 })])).toBe(false);
    expect(hasText([of({ strokeSpread: 0.3 })])).toBe(false);
    expect(hasText([of({ angle: 0.3 })])).toBe(false);
  });

  it('takes a sign\'s exact row of letters found once, and a long faint line', () => {
    const once = { letters: 5, blobs: 5, distinct: 4, distinctBlobs: 4 };
    expect(hasText([of({ ...once, heightSpread: 0, align: 0 })])).toBe(true);
    expect(hasText([of({ ...once, heightSpread: 0.1, align: 0 })])).toBe(false);
    // Two joined blobs standing for 10 letters are not four letters of one height.
    expect(hasText([of({ letters: 10, blobs: 2, distinct: 10, distinctBlobs: 2, heightSpread: 0.04, align: 0.02 })])).toBe(false);
    expect(hasText([of({ letters: 34, blobs: 34, distinct: 31, distinctBlobs: 31, align: 0.014, heightSpread: 0.22 })])).toBe(true);
    expect(hasText([of({ letters: 34, blobs: 34, distinct: 31, distinctBlobs: 31, align: 0.08 })])).toBe(false);
  });

  it('takes one joined-up blob alone only as a title, a fifth of the image tall', () => {
    const joined = { letters: 7, blobs: 1, distinct: 7, distinctBlobs: 1, strokeSpread: 0, heightSpread: 0, align: 0 };
    expect(hasText([of({ ...joined, letterHeight: 119, heightShare: 0.37 })])).toBe(true);
    expect(hasText([of({ ...joined, letterHeight: 22, heightShare: 0.05 })])).toBe(false);
  });
});

describe('pageSlant and slantedAmongOthers', () => {
  const line = (y: number, angle: number, x = 10): TextLine => ({
    x,
    y,
    width: 300,
    height: 40,
    letterHeight: 14,
    lightOnDark: false,
    angle,
    letters: 30,
    vertical: false,
    blobs: 30,
    strokeSpread: 0.05,
    distinct: 15,
    distinctBlobs: 15,
    heightShare: 0.05,
    heightSpread: 0.1,
    align: 0.02,
    gapSpread: 0.2,
    curve: { cx: 160, cy: y + 20, slope: Math.tan(angle), bend: 0 },
  });

  it('a page is slanted when two of its lines or more agree on a slant beyond 2°', () => {
    expect(pageSlant([line(10, 0.12), line(45, 0.125), line(80, 0.118)])).toBeCloseTo(0.12, 3);
    expect(pageSlant([line(10, 0.12)])).toBe(0);
    expect(pageSlant([line(10, 0.01), line(45, 0.0)])).toBe(0);
    expect(pageSlant([line(10, 0.2), line(45, -0.2)])).toBe(0);
  });

  it('a slanted line whose box takes in another is left to the page reading; a level one or a lone one is not', () => {
    const lines = [line(10, 0.12), line(45, 0.12), line(300, 0.12, 500)];
    expect(lines.map((one) => slantedAmongOthers(one, lines))).toEqual([true, true, false]);
    const level = [line(10, 0), line(45, 0)];
    expect(level.map((one) => slantedAmongOthers(one, level))).toEqual([false, false]);
  });
});

describe('curved lines', () => {
  it('fits the centres of letters set along an arc and says the line sags; a level line does not', () => {
    const image = page(600, 300);
    // Twelve rings whose centres follow y = 80 + 0.0015·(x − 300)²: a smile-shaped arc.
    for (let i = 0; i < 12; i++) {
      const x = Math.round(300 - 6 * 18 + i * 18);
      glyph(image, x, Math.round(80 + 0.0015 * (x + 7 - 300) ** 2) - 10, 20, 20);
    }
    const [line] = findTextLines(image);
    expect(line!.curve.bend).toBeCloseTo(0.0015, 3);
    expect(sag(line!)).toBeGreaterThan(CURVED_SAG);
    const level = page(400, 120);
    word(level, 30, 40, 8, 20);
    expect(sag(findTextLines(level)[0]!)).toBeLessThan(0.1);
  });
});
