import type { Frame } from '../../input/pixels.js';
import type { TextEvidence } from '../../verdict/types.js';
import { readText, startTesseract, stopTesseract, type TesseractUrls } from './ocr.js';
import { screenText } from './screen.js';

export type { TesseractUrls } from './ocr.js';

export interface TextAnalyzer {
  analyze(frame: Frame): Promise<TextEvidence>;
  /**
   * Ends tesseract's worker. The browser never needs it (terminating the analysis worker ends the nested one too);
   * in Node its worker thread would keep the process alive.
   */
  dispose(): Promise<void>;
}

/**
 * The size OCR reads at. Tesseract reads glyphs 20-40 px tall best: small images (a cropped sign, a 300 px banner)
 * are scaled up so their text gets there; large photos are scaled down to 2,000 px, where text still reads and
 * a pass costs about a second.
 */
export function ocrSize(width: number, height: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  const scale = longest < 1000 ? Math.min(3, 1000 / longest) : Math.min(1, 2000 / longest);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Starts tesseract.js (its worker, core and English model from `urls`) and returns the reader and screener. */
export async function createTextAnalyzer(urls: TesseractUrls): Promise<TextAnalyzer> {
  const tesseract = await startTesseract(urls);
  return {
    async analyze(frame) {
      const size = ocrSize(frame.width, frame.height);
      // Transparency kept: preprocess.toGray decides what background makes the ink readable.
      const pixels = await frame.resize(size.width, size.height, 'smooth', 'transparent');
      const reading = await readText(tesseract, pixels);
      const content = reading.lines.join('\n');
      return {
        content,
        confidence: reading.confidence,
        words: reading.words,
        ...screenText(content),
        rotation: (reading.rotation * 90) as TextEvidence['rotation'],
      };
    },
    async dispose() {
      await stopTesseract(tesseract);
    },
  };
}
