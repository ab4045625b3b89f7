import type { RgbaImage } from '../../input/pixels.js';
import type { TextEvidence } from '../../verdict/types.js';
import { readText, startTesseract, stopTesseract, type TesseractUrls } from './ocr.js';
import { textEvidence } from './evidence.js';

export type { TesseractUrls } from './ocr.js';

export interface TextAnalyzer {
  /** `pixels`: the image at the size OCR reads best (size.ts), alpha kept. */
  analyze(pixels: RgbaImage): Promise<TextEvidence>;
  /**
   * Ends tesseract's worker. The browser never needs it (terminating the analysis worker ends the nested one too);
   * in Node its worker thread would keep the process alive.
   */
  dispose(): Promise<void>;
}

/** Starts tesseract.js (its worker, core and English model from `urls`) and returns the reader and screener. */
export async function createTextAnalyzer(urls: TesseractUrls): Promise<TextAnalyzer> {
  const tesseract = await startTesseract(urls);
  return {
    async analyze(pixels) {
      const reading = await readText(tesseract, pixels);
      return textEvidence(reading.lines, reading.confidence, (reading.rotation * 90) as TextEvidence['rotation']);
    },
    async dispose() {
      await stopTesseract(tesseract);
    },
  };
}
