#!/usr/bin/env node
// The full screen of each photo: image-guard-kit with the glue's analyzers (NSFW + faces + age + OCR) and with its
// defaults (+ COCO objects + quality), against the naive glue of the raw libraries on tfjs' wasm backend
// (bench/naive-glue.html: the fastest backend here, and what a developer who reads the tfjs docs uses), the three
// pages in one Chromium, alternating photo by photo, on the demo photos and held-out ones (session.mjs). Prints
// the median time per photo and the speed-up over the glue, the median of each stage, the text stage on photos
// without text, and the longest main-thread task seen while screening (PerformanceObserver 'longtask': a task over
// 50 ms is one the page could not answer input during). Then the renderer's memory growth after ten photos
// (memoryGrowth). Part of `npm run bench` (bench/run.mjs); alone: `npm run bench:full`.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumExecutable, chromiumArgs } from '../scripts/chromium.mjs';
import { benchPhotos, isMain, median, startBench } from './session.mjs';

const GLUE = '/bench/naive-glue.html?backend=wasm';
/** The targets, printed beside the figures (never a pass/fail: timings on a shared machine are noisy). */
const TARGETS = { glueAnalyzers: 2, defaults: 1.5, textWithoutTextMs: 100, memoryGrowthMb: 350 };

/** Watches the page's main thread: the longest task since the last call. */
const watchLongTasks = (page) =>
  page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
    }).observe({ type: 'longtask' });
  });

/** One photo through the library (`window.guard`) or the glue (`window.screenFile`): ms, stages, faces. */
const screen = (page, viaLibrary, photo) =>
  page.evaluate(
    async ({ data, fileName, lib }) => {
      const file = new File([new Uint8Array(data)], fileName, { type: 'image/jpeg' });
      window.longest = 0;
      const started = performance.now();
      const result = lib ? await window.guard.moderate(file) : await window.screenFile(file);
      const ms = performance.now() - started;
      const faces = lib ? (result.analysis.faces?.count ?? 0) : result.faces;
      const timings = lib ? result.analysis.timings : result.timings;
      // Long tasks are reported after they end: give the observer a turn.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ms, longest: window.longest, faces, timings };
    },
    { data: [...photo.bytes], fileName: photo.name, lib: viaLibrary },
  );

export async function fullScreen(bench, rounds) {
  const files = await benchPhotos();
  // The same work as the glue (objects and quality off), and everything the library does by default.
  const { page: library, loadMs } = await bench.library({ analyzers: { objects: false, quality: false } });
  const { page: defaults, loadMs: defaultsLoadMs } = await bench.library({});
  const device = await library.evaluate(() => window.guard.diagnostics());
  const glueStarted = Date.now();
  const glue = await bench.open(GLUE);
  const glueLoadMs = Date.now() - glueStarted;
  const pages = { "library, the glue's analyzers": library, 'library defaults': defaults, 'glue on wasm': glue };
  const isLibrary = (key) => key.startsWith('library');
  for (const page of Object.values(pages)) await watchLongTasks(page);

  const samples = Object.fromEntries(Object.keys(pages).map((key) => [key, { runs: [], longest: 0, faces: 0 }]));
  for (const [key, page] of Object.entries(pages)) await screen(page, isLibrary(key), files[0]); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const photo of files) {
      for (const [key, page] of Object.entries(pages)) {
        const run = await screen(page, isLibrary(key), photo);
        if (round === 0) samples[key].faces += run.faces;
        samples[key].runs.push({ ...run, photo });
        samples[key].longest = Math.max(samples[key].longest, run.longest);
      }
    }
  }
  for (const page of Object.values(pages)) await page.close();

  const ms = (runs) => median(runs.map((run) => run.ms));
  const glueRuns = samples['glue on wasm'].runs;
  const heldOut = (runs) => runs.filter((run) => run.photo.heldOut);
  console.log(
    `\nFull screen, ${files.length} photos (${files.filter((file) => file.heldOut).length} held out) x ${rounds} rounds, ` +
      'alternating; median ms per photo, speed-up = glue on wasm ms / this ms:',
  );
  console.table(
    Object.fromEntries(
      Object.entries(samples).map(([key, { runs, longest, faces }]) => [
        key,
        {
          'median ms': Math.round(ms(runs)),
          'speed-up vs glue on wasm': +(ms(glueRuns) / ms(runs)).toFixed(2),
          goal: key === 'library defaults' ? `${TARGETS.defaults}x` : key.startsWith('library') ? `${TARGETS.glueAnalyzers}x` : '',
          'held-out photos: median ms': Math.round(ms(heldOut(runs))),
          'held-out speed-up': +(ms(heldOut(glueRuns)) / ms(heldOut(runs))).toFixed(2),
          'longest main-thread task ms': Math.round(longest),
          faces: faces,
        },
      ]),
    ),
  );

  // Stages in parallel overlap (OCR runs in its own thread beside the tfjs models): they do not add up to the total.
  const stages = [...new Set(Object.values(samples).flatMap(({ runs }) => runs.flatMap((run) => Object.keys(run.timings ?? {}))))]
    .filter((stage) => stage !== 'totalMs')
    .sort();
  console.log('Per stage, median ms over every photo and round (a stage that did not run is blank):');
  console.table(
    Object.fromEntries(
      stages.map((stage) => [
        stage,
        Object.fromEntries(
          Object.entries(samples).map(([key, { runs }]) => {
            const values = runs.map((run) => run.timings?.[stage]).filter((value) => value !== undefined);
            return [key, values.length > 0 ? Math.round(median(values)) : ''];
          }),
        ),
      ]),
    ),
  );
  const textMs = (key, withText) => samples[key].runs.filter((run) => run.photo.text === withText).map((run) => run.timings?.textMs ?? 0);
  const describeText = (values) => `median ${Math.round(median(values))} ms, max ${Math.round(Math.max(...values))} ms`;
  console.log(
    `Text stage on the ${files.filter((file) => !file.text).length} photos without text (target <= ${TARGETS.textWithoutTextMs} ms): ` +
      `library defaults ${describeText(textMs('library defaults', false))}; glue on wasm ${describeText(textMs('glue on wasm', false))}. ` +
      `On the ${files.filter((file) => file.text).length} with text: library ${describeText(textMs('library defaults', true))}, glue ${describeText(textMs('glue on wasm', true))}.`,
  );
  console.log(
    `Start: guard ready in ${Math.round(loadMs)} ms (glue's analyzers), ${Math.round(defaultsLoadMs)} ms (defaults); ` +
      `glue page with its models ${glueLoadMs} ms. Backend: ${device.backend} (tried in order ${device.backendOrder.join(' > ')}; ` +
      `device: ${JSON.stringify(device.device)}).`,
  );
}

/** Each analyzer alone (the others off), for BENCH_MEMORY_EACH: what each one adds to the worker of quality alone. */
const ALONE = Object.fromEntries(
  ['nsfw', 'faces', 'objects', 'text', 'quality'].map((name, _, all) => [
    name === 'quality' ? 'library, quality alone (no model)' : `library, ${name} alone`,
    Object.fromEntries(all.filter((other) => other !== name).map((other) => [other, false])),
  ]),
);

/**
 * Renderer memory growth after ten photos, library defaults against the glue on wasm: each in a browser of its
 * own with one tab, the resident set (VmRSS, /proc) of every renderer process summed, as CDP's
 * SystemInfo.getProcessInfo lists them (the page's workers, tesseract's included, live in its renderer), from the
 * blank harness page to after the tenth verdict. RSS, not a JS heap figure: the models' weights sit in wasm memory
 * and ArrayBuffers, which is what makes an older phone kill the tab. With BENCH_MEMORY_EACH=1, also each analyzer
 * alone: where the growth goes.
 */
export async function memoryGrowth(bench) {
  const files = (await benchPhotos()).slice(0, 10);
  const configs = { 'library defaults': {}, 'glue on wasm': null, ...(process.env.BENCH_MEMORY_EACH ? ALONE : {}) };
  const runs = {};
  for (const [key, analyzers] of Object.entries(configs)) {
    const viaLibrary = analyzers !== null;
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs });
    try {
      const page = await browser.newPage();
      const cdp = await browser.newBrowserCDPSession();
      const rendererMb = async () => {
        const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
        const kb = processInfo.filter((info) => info.type === 'renderer').map((info) => residentKb(info.id));
        return kb.reduce((sum, value) => sum + value, 0) / 1024;
      };
      await page.goto(`${bench.origin}/test/browser/harness.html`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      const before = await rendererMb();
      if (viaLibrary) {
        await page.evaluate(async (options) => (window.guard = await window.imageGuardKit.createImageGuard({ cache: false, analyzers: options })), analyzers);
      } else {
        await page.goto(`${bench.origin}${GLUE}`);
        await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
      }
      const loaded = await rendererMb();
      for (const photo of files) await screen(page, viaLibrary, photo);
      const after = await rendererMb();
      const diagnostics = viaLibrary ? await page.evaluate(() => window.guard.diagnostics()) : null;
      runs[key] = { before, loaded, after, diagnostics };
    } finally {
      await browser.close();
    }
  }
  const mb = (bytes) => (bytes === null ? 'n/a' : `${Math.round(bytes / 1e6)} MB`);
  console.log(`\nRenderer memory (VmRSS of the renderer processes, MB), ten photos, target growth <= ${TARGETS.memoryGrowthMb} MB:`);
  console.table(
    Object.fromEntries(
      Object.entries(runs).map(([key, { before, loaded, after, diagnostics }]) => [
        key,
        {
          'blank page': Math.round(before),
          'models loaded': Math.round(loaded),
          'after ten photos': Math.round(after),
          'growth, models loaded to ten photos': Math.round(after - loaded),
          'growth, blank page to ten photos': Math.round(after - before),
          // guard.diagnostics(): the tfjs wasm heap only grows, so this is its peak.
          'tfjs wasm heap': diagnostics ? mb(diagnostics.memory.wasmHeapBytes) : '',
        },
      ]),
    ),
  );
  const { tfMemory } = runs['library defaults'].diagnostics;
  console.log(`The library's worker after them (guard.diagnostics()), defaults: tfjs ${tfMemory.numTensors} tensors, ${mb(tfMemory.numBytes)}.`);
}

/**
 * The first OCR read after a start against the later ones: a fresh guard with the defaults (the time to ready
 * printed too), then the photos with text, each read once, then each again as another file (bytes after a JPEG's
 * end change its hash, not its pixels). The text stage of a photo's first read against its second, from the same
 * run: tesseract's warm-up read at load (src/analyzers/text/warm.ts) is what should bring the first near the rest.
 */
export async function firstRead(bench) {
  const files = (await benchPhotos()).filter((file) => file.text);
  const { page, loadMs } = await bench.library({});
  const again = (photo) => ({ ...photo, name: `again-${photo.name}`, bytes: new Uint8Array([...photo.bytes, ...new TextEncoder().encode('again')]) });
  const first = [];
  const later = [];
  for (const photo of files) first.push((await screen(page, true, photo)).timings.textMs);
  for (const photo of files) later.push((await screen(page, true, again(photo))).timings.textMs);
  await page.close();
  console.log(
    `\nFirst OCR reads after a start (a fresh guard with the defaults, ready in ${Math.round(loadMs)} ms), text stage of each photo with ` +
      `text read first, then again as another file, ms:`,
  );
  console.table(
    Object.fromEntries(
      files.map((photo, index) => [
        photo.name,
        { 'first read': Math.round(first[index]), 'read again': Math.round(later[index]), 'first / again': +(first[index] / later[index]).toFixed(2) },
      ]),
    ),
  );
}

/** A process's resident set in kB (Linux); 0 for one that ended meanwhile. */
function residentKb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

if (isMain(import.meta.url)) {
  const bench = await startBench();
  try {
    await fullScreen(bench, Number(process.env.BENCH_ROUNDS ?? 3));
    await firstRead(bench);
    await memoryGrowth(bench);
  } finally {
    await bench.close();
  }
}
