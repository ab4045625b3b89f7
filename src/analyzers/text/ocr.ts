import { createWorker, OEM, PSM, type Block, type Worker as TesseractWorker } from 'tesseract.js';
import {
  encodePgm,
  halve,
  invert,
  isLightOnDark,
  rotate,
  rotateBy,
  sauvola,
  stretchContrast,
  toGray,
  unrotateBox,
  type GrayImage,
  type QuarterTurns,
} from './preprocess.js';
import type { RgbaImage } from '../../input/pixels.js';
import type { TextWord } from '../../verdict/types.js';

/** Where tesseract.js' files are served: every one must be set, or tesseract.js fetches it from a CDN. */
export interface TesseractUrls {
  workerPath: string;
  corePath: string;
  langPath: string;
}

export interface Reading {
  /** The words kept, grouped in lines, in reading order. */
  lines: TextWord[][];
  /** Mean confidence of the kept words, weighted by length, 0-100. */
  confidence: number;
  rotation: QuarterTurns;
}

/**
 * Words below this confidence are mostly texture read as letters (foliage, fabric, hair) and are dropped, unless
 * their line reads well on the whole: there a low word is a real word misread in part ("fensorFlow/JS"), and
 * keeping it loses fewer characters than dropping it.
 */
const MIN_WORD_CONFIDENCE = 50;
const GOOD_LINE_CONFIDENCE = 60;
/**
 * A photo without text still reads as scattered one- and two-character "words" ("f", "4", "3 4x A"), some of
 * them confident. A line counts as text only when it holds a real word: 3+ letters or digits, read with this
 * confidence.
 */
const ANCHOR_CONFIDENCE = 75;
/**
 * Above this longer side (a photo or a large screenshot), the single-block reading runs at half size. It is there
 * for captions and overlays automatic segmentation missed, which are large on a large image, and on a photo
 * without text it was the costliest pass (1-3 s at 1,920 px on 2 cores): at half size it costs about a quarter.
 */
const HALVE_SINGLE_BLOCK_ABOVE = 1200;
/** A reading this confident is kept without trying other preprocessing or rotations. */
const GOOD_CONFIDENCE = 80;
/**
 * Other readings are only tried while OCR has run less than this: a page of one-character words reads as many
 * weak fragments and would pay for all five (94 s). What was read by then is kept.
 */
const FALLBACK_BUDGET_MS = 8_000;

/**
 * Starts tesseract.js in its own worker (nested in the analysis worker, so the page never waits on it) from served
 * files only: no blob: worker (strict CSP pages refuse it), no CDN, no IndexedDB copy of the model (the HTTP cache
 * already keeps the file, and a stale copy could outlive an upgrade). A start-up step that fails (a core or
 * language file that cannot load) rejects here: tesseract.js alone would leave its promise pending.
 */
export async function startTesseract(urls: TesseractUrls): Promise<TesseractWorker> {
  let failStart: (reason: unknown) => void = () => undefined;
  const startFailed = new Promise<never>((_, reject) => (failStart = reject));
  const spawned: Worker[] = [];
  const starting = holdingSpawnedWorkers(spawned, () =>
    createWorker('eng', OEM.LSTM_ONLY, {
      ...urls,
      workerBlobURL: false,
      cacheMethod: 'none',
      gzip: true,
      // Called with the failed step's message; without it tesseract.js throws it from its message handler.
      errorHandler: (message: unknown) => failStart(message),
    }),
  );
  let worker: TesseractWorker;
  try {
    worker = await Promise.race([starting, startFailed]);
  } catch (error) {
    for (const nested of spawned) {
      nested.terminate();
      heldWorkers.delete(nested);
    }
    throw error;
  }
  spawnedBy.set(worker, spawned);
  // The dpi stops tesseract guessing a resolution from a file that declares none.
  await worker.setParameters({ user_defined_dpi: '300' });
  return worker;
}

/** Ends tesseract's worker and lets its Worker object go. */
export async function stopTesseract(tesseract: TesseractWorker): Promise<void> {
  await tesseract.terminate();
  for (const spawned of spawnedBy.get(tesseract) ?? []) heldWorkers.delete(spawned);
}

/**
 * The Workers tesseract.js spawned, held from module state. tesseract.js keeps its Worker only in closures that its
 * own pending replies reach, and Firefox collects a Worker object no script reaches, message handler included,
 * while the worker still runs: its replies then land nowhere and the start-up stops at a random step with no CPU
 * in use (tesseract.js issues 414 and 513). It happened when the tfjs models loaded at the same time (their memory
 * brings the collection on): 0 of 3 start-ups with faces and text in Firefox ESR 153, 3 of 3 once held.
 */
const heldWorkers = new Set<Worker>();
const spawnedBy = new WeakMap<TesseractWorker, Worker[]>();

/**
 * Runs `start`, holding (and listing in `spawned`) every Worker constructed during its synchronous part:
 * tesseract.js' createWorker spawns its worker before its first await. Where there is no global Worker (Node:
 * worker_threads, which the process holds) it just runs `start`.
 */
function holdingSpawnedWorkers<T>(spawned: Worker[], start: () => T): T {
  const NativeWorker = globalThis.Worker;
  if (typeof NativeWorker !== 'function') return start();
  globalThis.Worker = class HeldWorker extends NativeWorker {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args);
      heldWorkers.add(this);
      spawned.push(this);
    }
  };
  try {
    return start();
  } finally {
    globalThis.Worker = NativeWorker;
  }
}

/**
 * Reads the text in an image, better than tesseract's defaults on uploads: alpha resolved, contrast stretched,
 * light-on-dark inverted, small images scaled up (by the caller), then automatic page segmentation, which also
 * reads a page turned 90°. When that is not convincing, other readings are tried and the one with the most
 * confident text wins: the whole image as one block (captions and overlays on photos, where automatic
 * segmentation finds no text block), a locally binarised copy (uneven light, busy backgrounds) and, when
 * fragments were read, the other orientations (an upside-down page).
 */
export async function readText(tesseract: TesseractWorker, pixels: RgbaImage, slant = 0): Promise<Reading> {
  let gray = stretchContrast(toGray(pixels));
  if (isLightOnDark(gray)) gray = invert(gray);
  if (slant !== 0) {
    // A page photographed at a slant is read straightened; its word boxes are turned back after.
    const best = await readUpright(tesseract, rotateBy(gray, -slant, 255));
    return { ...best, lines: best.lines.map((line) => line.map((word) => ({ ...word, box: roundBox(unslantBox(word.box, slant, gray)) }))) };
  }
  return readUpright(tesseract, gray);
}

/** A box of the straightened image back on the image as it was: its centre turned by `slant` about the centre. */
function unslantBox(box: TextWord['box'], slant: number, { width, height }: GrayImage): TextWord['box'] {
  const dx = (box.x + box.width / 2 - 0.5) * width;
  const dy = (box.y + box.height / 2 - 0.5) * height;
  const cx = (Math.cos(slant) * dx - Math.sin(slant) * dy) / width + 0.5;
  const cy = (Math.sin(slant) * dx + Math.cos(slant) * dy) / height + 0.5;
  const x = Math.min(1 - box.width, Math.max(0, cx - box.width / 2));
  const y = Math.min(1 - box.height, Math.max(0, cy - box.height / 2));
  return { x, y, width: box.width, height: box.height };
}

async function readUpright(tesseract: TesseractWorker, gray: GrayImage): Promise<ScoredReading> {
  const started = performance.now();
  let best = await recognize(tesseract, gray, 0, PSM.AUTO);
  if (convincing(best)) return best;
  const tries: [GrayImage, QuarterTurns, PSM][] = [
    [Math.max(gray.width, gray.height) > HALVE_SINGLE_BLOCK_ABOVE ? halve(gray) : gray, 0, PSM.SINGLE_BLOCK],
    [sauvola(gray), 0, PSM.AUTO],
  ];
  // A photo without text reads as nothing or a few specks and should not pay for three more passes; a page in
  // the wrong orientation reads as many low-confidence fragments.
  if (best.rawWords >= 3) tries.push([gray, 2, PSM.AUTO], [gray, 1, PSM.AUTO], [gray, 3, PSM.AUTO]);
  for (const [image, turns, mode] of tries) {
    if (performance.now() - started > FALLBACK_BUDGET_MS) break;
    const reading = await recognize(tesseract, image, turns, mode);
    if (reading.quality > best.quality) best = reading;
    if (convincing(best)) break;
  }
  return best;
}

/**
 * Reads one line of text cut out of the image (by the detector, at a size and polarity tesseract reads well): one
 * pass, as a single line. Boxes are 0-1 of `line`.
 */
export async function readLine(tesseract: TesseractWorker, line: GrayImage): Promise<ScoredReading> {
  return recognize(tesseract, line, 0, PSM.SINGLE_LINE);
}

/** Confident, and more than a word or two: a single confident "92%" can hide a caption segmentation missed. */
function convincing(reading: ScoredReading): boolean {
  return reading.confidence >= GOOD_CONFIDENCE && reading.chars >= 10;
}

export interface ScoredReading extends Reading {
  /** Confident characters: what decides between readings. */
  quality: number;
  /** Every word tesseract returned, before the confidence filter. */
  rawWords: number;
  /** Characters in the kept words. */
  chars: number;
}

async function recognize(
  tesseract: TesseractWorker,
  upright: GrayImage,
  turns: QuarterTurns,
  mode: PSM,
): Promise<ScoredReading> {
  const image = rotate(upright, turns);
  await tesseract.setParameters({ tessedit_pageseg_mode: mode });
  // Word boxes come only with `blocks` (tesseract.js 6+). The file's bytes as they are: tesseract.js' browser and
  // Node loaders both copy a Uint8Array (its types only name Node's Buffer), while Node's cannot read a Blob.
  const file = encodePgm(image) as unknown as Buffer;
  const { data } = await tesseract.recognize(file, {}, { text: false, blocks: true });
  return collect(data.blocks ?? [], turns, image);
}

function collect(blocks: Block[], turns: QuarterTurns, image: GrayImage): ScoredReading {
  const lines: TextWord[][] = [];
  let rawWords = 0;
  for (const block of blocks) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const candidates = line.words.filter((word) => /[\p{L}\p{N}]/u.test(word.text));
        rawWords += candidates.length;
        const lineConfidence = candidates.reduce((total, word) => total + word.confidence, 0) / candidates.length;
        const kept = candidates.filter(
          (word) => word.confidence >= MIN_WORD_CONFIDENCE || lineConfidence >= GOOD_LINE_CONFIDENCE,
        );
        const anchored = kept.some(
          (word) => word.confidence >= ANCHOR_CONFIDENCE && (word.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 3,
        );
        if (!anchored) continue;
        lines.push(
          kept.map((word) => ({
            text: word.text.trim(),
            confidence: Math.round(word.confidence * 10) / 10,
            box: roundBox(unrotateBox(word.bbox, turns, image)),
          })),
        );
      }
    }
  }
  const words = lines.flat();
  const chars = words.reduce((total, word) => total + word.text.length, 0);
  const confidence = chars === 0 ? 0 : words.reduce((total, word) => total + word.confidence * word.text.length, 0) / chars;
  const quality = words.reduce((total, word) => total + word.text.length * ((word.confidence - 40) / 60), 0);
  return { lines, confidence: Math.round(confidence * 10) / 10, rotation: turns, quality, rawWords, chars };
}

function roundBox(box: TextWord['box']): TextWord['box'] {
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return { x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) };
}
