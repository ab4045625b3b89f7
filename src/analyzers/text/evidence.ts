import type { TextEvidence, TextWord } from '../../verdict/types.js';
import { boxesWithin, placeWords } from './place.js';
import { screenText } from './screen.js';

/**
 * The text evidence of one image from the words read, line by line: the content, its screening, and each finding
 * placed on the boxes of the words it spans. Pure (no OCR), so the verdict tests build evidence as the worker does.
 */
export function textEvidence(
  lines: readonly (readonly TextWord[])[],
  confidence: number,
  rotation: TextEvidence['rotation'],
): TextEvidence {
  const placed = placeWords(lines);
  const { findings, scores, language } = screenText(placed.content);
  return {
    content: placed.content,
    confidence,
    words: lines.flat(),
    language,
    findings: findings.map(({ start, end, ...finding }) => ({ ...finding, boxes: boxesWithin(placed, start, end) })),
    scores,
    rotation,
  };
}
