// What every bench starts with: the Vite dev server with our plugin (so the raw libraries and the library load the
// same served files), one headless Chromium, and pages opened on it. IMAGE_GUARD_BENCH_PORT fixes the port.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { createServer } from 'vite';
import { chromium } from '@playwright/test';
import { chromiumExecutable, chromiumArgs } from '../scripts/chromium.mjs';

/** The median: what every bench reports, so one slow round on a shared machine does not move it. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The six 1920 px face-api demo photos every timing bench uses. */
export const photos = [1, 2, 3, 4, 5, 6].map((n) => `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`);

const HUMAN_SAMPLES = 'node_modules/@vladmandic/human/assets/samples.jpg';
/** Cells of the thumbnail strip atop Human's samples.jpg (left, width), all 158 px tall: people nobody tuned on. */
const STRIP_CELLS = { dinner: [326, 214], group: [911, 211], trio: [1129, 131] };

/**
 * The timing set: the six demo photos and photos held out from every tuning (Human's sample collage, the cat and
 * dog pictures), `text` when words are printed on them. The strip cells are 158 px thumbnails enlarged 4x and
 * saved at JPEG quality 70, as a gallery's resized copy would be; the party photo and the face-detection
 * screenshot carry Human's printed labels.
 */
export async function benchPhotos() {
  const file = (name, bytes, text, heldOut) => ({ name, bytes: new Uint8Array(bytes), text, heldOut });
  const set = photos.map((path) => file(path.split('/').pop(), readFileSync(path), false, false));
  for (const [name, [left, width]] of Object.entries(STRIP_CELLS)) {
    const cell = await sharp(HUMAN_SAMPLES).extract({ left, top: 0, width, height: 158 }).resize({ width: width * 4 }).jpeg({ quality: 70 }).toBuffer();
    set.push(file(`human-strip-${name}.jpg`, cell, false, true));
  }
  set.push(file('cat.jpg', readFileSync('node_modules/cat-picture/cat.jpg'), false, true));
  set.push(file('dog.jpg', readFileSync('node_modules/dog-picture/dog.jpg'), false, true));
  const party = await sharp(HUMAN_SAMPLES).extract({ left: 0, top: 196, width: 1280, height: 962 }).jpeg({ quality: 85 }).toBuffer();
  set.push(file('human-party-labelled.jpg', party, true, true));
  set.push(file('human-facedetect-screenshot.jpg', readFileSync('node_modules/@vladmandic/human/assets/screenshot-facedetect.jpg'), true, true));
  return set;
}

/** Whether a bench module was run as `node bench/<it>.mjs` rather than imported by bench/run.mjs. */
export const isMain = (moduleUrl) => process.argv[1] !== undefined && moduleUrl === new URL(`file://${process.argv[1]}`).href;

export async function startBench() {
  const port = Number(process.env.IMAGE_GUARD_BENCH_PORT ?? 0);
  const server = await createServer({ server: { port, host: '127.0.0.1', hmr: false }, logLevel: 'warn' });
  await server.listen();
  const origin = server.resolvedUrls.local[0].replace(/\/$/, '');
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs });
  return {
    origin,
    browser,
    /** The dev server, whose `ssrLoadModule` also loads the TypeScript test helpers (the engines' drivers). */
    server,
    /** A page that signals `document.body.dataset.ready` when set up (a raw-library page or the harness). */
    async open(path) {
      const page = await browser.newPage();
      await page.goto(`${origin}${path}`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
      return page;
    },
    /**
     * The harness with `window.guard` made from `options`; also returns how long creating it took, in ms. The
     * evidence cache is off: the rounds screen the same files again, and each must run the models.
     */
    async library(options) {
      const page = await this.open('/test/browser/harness.html');
      const loadMs = await page.evaluate(async (guardOptions) => {
        const started = performance.now();
        window.guard = await window.imageGuardKit.createImageGuard(guardOptions);
        return performance.now() - started;
      }, { cache: false, ...options });
      return { page, loadMs };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
