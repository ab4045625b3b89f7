import { describe, expect, it } from 'vitest';
import { meanConfidence, mergeLines, quality, readingOrder } from '../../src/analyzers/text/lines.js';
import type { TextWord } from '../../src/verdict/types.js';

const word = (text: string, x: number, y: number, confidence = 90, width = 0.1): TextWord => ({
  text,
  confidence,
  box: { x, y, width, height: 0.05 },
});

describe('mergeLines', () => {
  const whole = [[word('Fresh', 0.1, 0.1), word('bread', 0.25, 0.1)], [word('BAKERY', 0.3, 0.5, 80)]];

  it('a line read on its own replaces the words it covers when it reads more confident characters', () => {
    const merged = mergeLines(whole, [{ region: { x: 0.05, y: 0.45, width: 0.6, height: 0.15 }, words: [word('CORNER', 0.1, 0.5, 95), word('BAKERY', 0.3, 0.5, 95)] }]);
    expect(merged.map((line) => line.map((w) => w.text).join(' '))).toEqual(['Fresh bread', 'CORNER BAKERY']);
  });

  it('keeps the whole-image words when the line reads less, or reads fewer characters of them', () => {
    const weaker = mergeLines(whole, [{ region: { x: 0.05, y: 0.45, width: 0.6, height: 0.15 }, words: [word('BAKFRY', 0.3, 0.5, 60)] }]);
    expect(weaker).toEqual(whole);
    const partial = mergeLines(whole, [{ region: { x: 0.05, y: 0.05, width: 0.4, height: 0.12 }, words: [word('bread', 0.25, 0.1, 99)] }]);
    expect(partial).toEqual(whole);
  });

  it('adds a line the whole-image reading missed, in reading order', () => {
    const merged = mergeLines(whole, [{ region: { x: 0.6, y: 0.08, width: 0.3, height: 0.1 }, words: [word('1.89', 0.7, 0.1, 92)] }]);
    expect(merged.map((line) => line.map((w) => w.text).join(' '))).toEqual(['Fresh bread', '1.89', 'BAKERY']);
  });
});

describe('readingOrder', () => {
  it('rows top to bottom, left to right within a row, along a slanted page', () => {
    // A page descending to the right by 0.1 over its width: "3.40" sits lower than "Latte" and is on its row.
    const latte = [word('Latte', 0.1, 0.2)];
    const price = [word('3.40', 0.7, 0.28)];
    const muffin = [word('Muffin', 0.1, 0.3)];
    const order = (slant: number) => readingOrder([muffin, price, latte], slant).map((line) => line[0]!.text);
    expect(order(0)).toEqual(['Latte', 'Muffin', '3.40']);
    expect(order(Math.atan(0.1))).toEqual(['Latte', '3.40', 'Muffin']);
  });
});

describe('quality and confidence', () => {
  it('count confident characters', () => {
    expect(quality([word('abc', 0, 0, 100)])).toBe(3);
    expect(quality([word('abc', 0, 0, 40)])).toBe(0);
    expect(meanConfidence([word('ab', 0, 0, 90), word('abcd', 0, 0, 60)])).toBe(70);
    expect(meanConfidence([])).toBe(0);
  });
});
