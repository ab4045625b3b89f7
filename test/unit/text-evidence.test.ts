import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguageDetector } from '../../src/analyzers/text/language.js';
import { textEvidence } from '../../src/analyzers/text/evidence.js';
import { boxesWithin, placeWords } from '../../src/analyzers/text/place.js';
import type { TextWord } from '../../src/verdict/types.js';

// Screening names the text's language: eld is imported on demand (text/language.ts), as the text analyzer does.
beforeAll(loadLanguageDetector);

/** Words laid out on a grid: line i at y = 0.1 + 0.2i, word j at x = 0.05 + 0.2j. */
function lines(...text: string[]): TextWord[][] {
  return text.map((line, row) =>
    line.split(' ').map((word, column) => ({
      text: word,
      confidence: 90,
      box: { x: 0.05 + column * 0.2, y: 0.1 + row * 0.2, width: 0.15, height: 0.1 },
    })),
  );
}

describe('placeWords', () => {
  it('joins words with spaces and lines with line breaks, and knows where each word is', () => {
    const placed = placeWords(lines('Call me', 'now'));
    expect(placed.content).toBe('Call me\nnow');
    expect(placed.spans.map(({ start, end }) => placed.content.slice(start, end))).toEqual(['Call', 'me', 'now']);
    // "l me\nn" touches all three words; the space alone touches none.
    expect(boxesWithin(placed, 3, 9)).toHaveLength(3);
    expect(boxesWithin(placed, 4, 5)).toEqual([]);
  });

  it('reads nothing as empty text', () => {
    expect(placeWords([])).toEqual({ content: '', spans: [] });
  });
});

describe('textEvidence: each finding with the boxes of its words', () => {
  it('a card number split over two lines has its boxes on both', () => {
    const evidence = textEvidence(lines('Card 4111 1111', '1111 1111 exp 12/27'), 90, 0);
    const card = evidence.findings.find((finding) => finding.kind === 'payment-card')!;
    expect(card.match).toBe('••••1111');
    expect(card.boxes.map((box) => [box.x, box.y])).toEqual([
      [0.25, 0.1],
      [0.45, 0.1],
      [0.05, 0.30000000000000004],
      [0.25, 0.30000000000000004],
    ]);
  });

  it('an email, a phone number and an IBAN each on their own words', () => {
    const evidence = textEvidence(lines('mail jane@example.com', 'or call +44 20 7946 0958', 'IBAN GB82 WEST 1234 5698 7654 32'), 90, 0);
    const where = Object.fromEntries(evidence.findings.map((finding) => [finding.kind, finding.boxes.length]));
    expect(where).toEqual({ email: 1, phone: 4, iban: 6 });
    expect(evidence.content).toBe('mail jane@example.com\nor call +44 20 7946 0958\nIBAN GB82 WEST 1234 5698 7654 32');
    expect(evidence.words).toHaveLength(2 + 6 + 7);
  });
});
