import type { TextWord } from '../../verdict/types.js';

/**
 * Where each word of the read text is in its string: screening finds matches by character offset, the verdict
 * says where they are in the image. Pure.
 */
export interface PlacedText {
  /** The words joined by spaces, the lines by line breaks: what screening reads and the verdict's `content`. */
  content: string;
  /** Each word's characters in `content` (`end` exclusive) and its box. */
  spans: { start: number; end: number; box: TextWord['box'] }[];
}

export function placeWords(lines: readonly (readonly TextWord[])[]): PlacedText {
  const spans: PlacedText['spans'] = [];
  let content = '';
  lines.forEach((line, lineIndex) => {
    if (lineIndex > 0) content += '\n';
    line.forEach((word, wordIndex) => {
      if (wordIndex > 0) content += ' ';
      spans.push({ start: content.length, end: content.length + word.text.length, box: word.box });
      content += word.text;
    });
  });
  return { content, spans };
}

/** The boxes of the words that characters `start` to `end` (exclusive) touch, in reading order. */
export function boxesWithin(placed: PlacedText, start: number, end: number): TextWord['box'][] {
  return placed.spans.filter((span) => span.start < end && span.end > start).map((span) => span.box);
}
