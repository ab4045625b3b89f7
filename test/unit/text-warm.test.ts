import { describe, expect, it } from 'vitest';
import { findTextLines, hasText } from '../../src/analyzers/text/detect.js';
import { WARM_UP_TEXT, warmUpLine } from '../../src/analyzers/text/warm.js';

describe("tesseract's warm-up line", () => {
  it('is dark letters on white that the text detector takes for one line of text', () => {
    const line = warmUpLine();
    expect(line.data.length).toBe(line.width * line.height);
    const ink = line.data.filter((value) => value === 0).length;
    expect(ink / line.data.length).toBeGreaterThan(0.05);
    expect(ink / line.data.length).toBeLessThan(0.5);
    const lines = findTextLines(line);
    expect(hasText(lines)).toBe(true);
    expect(lines).toHaveLength(1);
  });

  it('draws every letter of its text (no glyph falls back to a blank)', () => {
    const blank = warmUpLine(' '.repeat(WARM_UP_TEXT.length));
    const drawn = warmUpLine();
    const inkPerLetter = (image: ReturnType<typeof warmUpLine>, index: number) => {
      const advance = (image.width - 32) / WARM_UP_TEXT.length;
      let ink = 0;
      for (let y = 0; y < image.height; y++)
        for (let x = 16 + index * advance; x < 16 + (index + 1) * advance; x++) ink += image.data[y * image.width + x] === 0 ? 1 : 0;
      return ink;
    };
    [...WARM_UP_TEXT].forEach((char, index) => {
      expect(inkPerLetter(blank, index)).toBe(0);
      if (char !== ' ') expect(inkPerLetter(drawn, index)).toBeGreaterThan(0);
    });
  });
});
