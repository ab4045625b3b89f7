import type { GrayImage } from './preprocess.js';

/**
 * A line of text drawn without a font (a 5x7 bitmap, scaled to 28 px letters, dark on white), for tesseract's
 * warm-up read: the first read after a start runs tesseract's LSTM code cold (the wasm functions compiled by the
 * baseline tier, the recogniser's buffers still to be allocated), which made the first photo's OCR about twice as
 * slow as the next ones'. One read of this line at load, off the path to readiness, pays that instead. Pure.
 */
const GLYPHS: Record<string, readonly string[]> = {
  W: ['10001', '10001', '10001', '10101', '10101', '10101', '01010'],
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
  U: ['10001', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};

export const WARM_UP_TEXT = 'WARM UP';
const SCALE = 4;
const MARGIN = 16;

export function warmUpLine(text = WARM_UP_TEXT): GrayImage {
  const advance = 6 * SCALE;
  const width = MARGIN * 2 + text.length * advance;
  const height = MARGIN * 2 + 7 * SCALE;
  const data = new Uint8Array(width * height).fill(255);
  [...text].forEach((char, index) => {
    const rows = GLYPHS[char] ?? GLYPHS[' ']!;
    rows.forEach((row, y) => {
      [...row].forEach((bit, x) => {
        if (bit !== '1') return;
        for (let dy = 0; dy < SCALE; dy++) {
          const offset = (MARGIN + y * SCALE + dy) * width + MARGIN + index * advance + x * SCALE;
          data.fill(0, offset, offset + SCALE);
        }
      });
    });
  });
  return { width, height, data };
}
