import type { TextWord } from '../../verdict/types.js';

/**
 * Putting the readings of one image together: the whole-image reading and the line-by-line readings of the lines the
 * detector found. Pure. Boxes are 0-1 of the displayed image.
 */
type Box = TextWord['box'];

/** A line read on its own, and where it was cut from. */
export interface LineReading {
  region: Box;
  words: TextWord[];
}

/** Confident characters: each character counts from 0 (40% confidence) to 1 (100%). */
export function quality(words: readonly TextWord[]): number {
  return words.reduce((total, word) => total + word.text.length * ((word.confidence - 40) / 60), 0);
}

/** Mean word confidence weighted by length, one decimal (0 when nothing was read). */
export function meanConfidence(words: readonly TextWord[]): number {
  const chars = words.reduce((total, word) => total + word.text.length, 0);
  if (chars === 0) return 0;
  return Math.round((words.reduce((total, word) => total + word.confidence * word.text.length, 0) / chars) * 10) / 10;
}

const overlapping = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Each line read on its own replaces what the whole-image reading read in its region when it reads more confident
 * characters there (a shop sign the page segmentation missed, a small crop read at a better size); otherwise the
 * whole-image words stay. Lines come out in reading order: rows top to bottom, left to right within a row.
 */
export function mergeLines(
  whole: readonly (readonly TextWord[])[],
  lines: readonly LineReading[],
  slant = 0,
  aspect = 1,
): TextWord[][] {
  let result = whole.map((line) => [...line]);
  let replaced = false;
  for (const { region, words } of lines) {
    if (words.length === 0) continue;
    const there = result.flat().filter((word) => overlapping(word.box, region));
    // Clearly more confident characters (a line read at its own size can be read a little worse than in its
    // page: tiny console text), and not many fewer of them: a line read in part ("Version:" of
    // "TensorFlow/JS Version:") does not replace the whole of it.
    if (quality(words) <= REPLACE_MARGIN * quality(there) + 1 || characters(words) < 0.7 * characters(there)) continue;
    result = result.map((line) => line.filter((word) => !there.includes(word)));
    result.push([...words]);
    replaced = true;
  }
  const kept = result.filter((line) => line.length > 0);
  // Tesseract's own order stands when nothing was added (a page it read sideways has its lines in columns).
  return replaced ? readingOrder(kept, slant, aspect) : kept;
}

/** How much more a line read on its own must read than the page read there to replace it. */
const REPLACE_MARGIN = 1.25;

const characters = (words: readonly TextWord[]) => words.reduce((total, word) => total + word.text.length, 0);

function boxOf(line: readonly TextWord[]): Box {
  const x0 = Math.min(...line.map((word) => word.box.x));
  const y0 = Math.min(...line.map((word) => word.box.y));
  const x1 = Math.max(...line.map((word) => word.box.x + word.box.width));
  const y1 = Math.max(...line.map((word) => word.box.y + word.box.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Rows top to bottom (a line joins a row when it shares most of its height with the row's first line), each left to
 * right. On a page at a `slant` (radians; `aspect` is the image's width over its height) rows are told along it.
 */
export function readingOrder(lines: readonly TextWord[][], slant = 0, aspect = 1): TextWord[][] {
  const level = (box: Box): Box => ({ ...box, y: box.y - Math.tan(slant) * (box.x + box.width / 2) * aspect });
  const boxed = lines
    .map((words) => ({ words, box: level(boxOf(words)) }))
    .sort((a, b) => a.box.y + a.box.height / 2 - (b.box.y + b.box.height / 2));
  const rows: (typeof boxed)[] = [];
  for (const line of boxed) {
    const row = rows[rows.length - 1];
    const first = row?.[0]?.box;
    const shared = first ? Math.min(first.y + first.height, line.box.y + line.box.height) - Math.max(first.y, line.box.y) : 0;
    if (row && first && shared >= 0.5 * Math.min(first.height, line.box.height)) row.push(line);
    else rows.push([line]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.box.x - b.box.x).map((line) => line.words));
}
