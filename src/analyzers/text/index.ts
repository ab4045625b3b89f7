import type { Frame, PixelRegion, RgbaImage } from '../../input/pixels.js';
import type { TextEvidence, TextWord } from '../../verdict/types.js';
import { CURVED_SAG, findTextLines, hasText, isCandidateLine, isTextLine, pageSlant, sag, slantedAmongOthers, type TextLine } from './detect.js';
import { textEvidence } from './evidence.js';
import { loadLanguageDetector } from './language.js';
import { meanConfidence, mergeLines, type LineReading } from './lines.js';
import { readLine, readText, startTesseract, stopTesseract, type TesseractUrls } from './ocr.js';
import { warmUpLine } from './warm.js';
import { cleanLine, invert, rotateBy, stretchContrast, toGray, unbend, type GrayImage } from './preprocess.js';
import { ocrSize } from './size.js';

export type { TesseractUrls } from './ocr.js';

export interface TextAnalyzer {
  /**
   * `pixels`: the image at the detector's size (detect.ts, alpha kept); `frame`: the frame itself, from which the
   * lines and the whole image are cut at the sizes OCR reads best.
   */
  analyze(pixels: RgbaImage, frame: Frame): Promise<TextEvidence>;
  /**
   * Ends tesseract's worker. The browser never needs it (terminating the analysis worker ends the nested one too);
   * in Node its worker thread would keep the process alive.
   */
  dispose(): Promise<void>;
}

/** Lines read one by one, the longest first: a busy photo can give dozens of candidates. */
const MAX_LINE_READS = 12;
/** Lines whose letters are smaller than this in the frame are left to the page reading. */
const MIN_LINE_LETTER_PX = 9;
/** The height a line's letters are brought to before it is read: tesseract reads 20-40 px glyphs best. */
const LETTER_PX = 32;
/**
 * The whole image is read too (automatic page segmentation, rotations) when a line read on its own found text, when
 * upright lines say a page is turned a quarter, when lines agree on a slant (a page shot at an angle, read
 * straightened), or when several lines look like text (a page upside down reads as
 * nothing line by line). A photo whose few text-like blobs read as nothing stops before it: no full OCR pass.
 */
const TEXT_LINES_FOR_WHOLE_READ = 3;

/** Starts tesseract.js (its worker, core and English model from `urls`) and returns the reader and screener. */
export async function createTextAnalyzer(urls: TesseractUrls): Promise<TextAnalyzer> {
  const tesseract = await startTesseract(urls);
  // One read of a drawn line at load (warm.ts), not awaited by the start: the first read after it waits for it.
  const warming = readLine(tesseract, warmUpLine()).then(
    () => undefined,
    () => undefined,
  );
  return {
    async analyze(pixels, frame) {
      const small = toGray(pixels);
      const lines = findTextLines(small);
      if (!hasText(lines)) return textEvidence([], 0, 0);
      // eld is imported while the lines are read (language.ts): a photo without text never loads it.
      const languageReady = loadLanguageDetector();
      languageReady.catch(() => undefined); // a failed import is thrown where it is awaited, below
      await warming;
      const scaleY = frame.height / small.height;
      const candidates = lines
        .filter(isCandidateLine)
        .filter((line, _, all) => !slantedAmongOthers(line, all))
        // Letters this small in the frame itself gain nothing from a cut of their own: enlarged, they are blurred,
        // and the page reading enlarges small images too (a console's 7 px text read worse on its own).
        .filter((line) => line.letterHeight * scaleY >= MIN_LINE_LETTER_PX)
        .sort((a, b) => b.letters - a.letters)
        .slice(0, MAX_LINE_READS);
      const read: LineReading[] = [];
      for (const line of candidates) read.push(await readRegion(line, small, frame));
      const textLines = lines.filter(isTextLine);
      const slant = pageSlant(textLines);
      const wholeNeeded =
        read.some((line) => line.words.length > 0) ||
        textLines.some((line) => line.vertical) ||
        slant !== 0 ||
        textLines.length >= TEXT_LINES_FOR_WHOLE_READ;
      if (!wholeNeeded) return textEvidence([], 0, 0);
      const size = ocrSize(frame.width, frame.height);
      const whole = await readText(tesseract, await frame.resize(size.width, size.height, 'smooth', 'transparent'), slant);
      // A page read after a turn has its lines in its own order; lines cut from the upright image do not apply.
      const merged = whole.rotation === 0 ? mergeLines(whole.lines, read, slant, frame.width / frame.height) : whole.lines;
      const confidence = whole.rotation === 0 ? meanConfidence(merged.flat()) : whole.confidence;
      await languageReady;
      return textEvidence(merged, confidence, (whole.rotation * 90) as TextEvidence['rotation']);
    },
    async dispose() {
      await stopTesseract(tesseract);
    },
  };

  /** One line cut from the frame with a margin, its letters brought to LETTER_PX, dark on light, level, read. */
  async function readRegion(line: TextLine, small: GrayImage, frame: Frame): Promise<LineReading> {
    const scaleX = frame.width / small.width;
    const scaleY = frame.height / small.height;
    const pad = line.letterHeight * 0.6;
    // Letters along an arc (a round sign, a badge): the cut follows the curve on, two letters each way (the chain
    // often holds only the part of the arc closest to level), and is unrolled before it is read.
    const curved = !line.vertical && sag(line) >= CURVED_SAG;
    const { curve } = line;
    const along = curved ? 2 * line.letterHeight : 0;
    const from = Math.max(0, line.x - pad - along);
    const to = Math.min(small.width, line.x + line.width + pad + along);
    const curveY = (x: number) => curve.cy + curve.slope * (x - curve.cx) + curve.bend * (x - curve.cx) ** 2;
    const vertex = curve.bend === 0 ? from : Math.min(to, Math.max(from, curve.cx - curve.slope / (2 * curve.bend)));
    const ys = curved ? [curveY(from), curveY(to), curveY(vertex)] : [];
    const top = curved ? Math.min(...ys) - 1.2 * line.letterHeight : line.y - pad;
    const bottom = curved ? Math.max(...ys) + 1.2 * line.letterHeight : line.y + line.height + pad;
    const x0 = Math.max(0, Math.floor(from * scaleX));
    const y0 = Math.max(0, Math.floor(top * scaleY));
    const x1 = Math.min(frame.width, Math.ceil(to * scaleX));
    const y1 = Math.min(frame.height, Math.ceil(bottom * scaleY));
    const region: PixelRegion = { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
    const zoom = Math.min(4, Math.max(0.25, LETTER_PX / (line.letterHeight * scaleY)), 2400 / region.width);
    const cut = await frame.resize(Math.max(1, Math.round(region.width * zoom)), Math.max(1, Math.round(region.height * zoom)), 'smooth', 'transparent', region);
    let gray = stretchContrast(toGray(cut));
    if (line.lightOnDark) gray = invert(gray);
    if (curved) {
      // The curve in the cut's pixels: x_cut = (x·scaleX − region.x)·kx / scaleX, likewise y.
      const kx = (cut.width / region.width) * scaleX;
      const ky = (cut.height / region.height) * scaleY;
      const cutCurve = {
        cx: (curve.cx * scaleX - region.x) * (kx / scaleX),
        cy: (curve.cy * scaleY - region.y) * (ky / scaleY),
        slope: (curve.slope * ky) / kx,
        bend: (curve.bend * ky) / (kx * kx),
      };
      gray = unbend(gray, cutCurve, 0, gray.width - 1, line.letterHeight * ky, 255);
    } else if (Math.abs(line.angle) > 0.02) gray = rotateBy(gray, -line.angle, 255);
    gray = cleanLine(gray);
    const reading = await readLine(tesseract, gray);
    const box = { x: region.x / frame.width, y: region.y / frame.height, width: region.width / frame.width, height: region.height / frame.height };
    const words: TextWord[] = reading.lines.flat().map((word) => ({
      ...word,
      box: {
        x: round(box.x + word.box.x * box.width),
        y: round(box.y + word.box.y * box.height),
        width: round(word.box.width * box.width),
        height: round(word.box.height * box.height),
      },
    }));
    return { region: box, words };
  }
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
