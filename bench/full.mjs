#!/usr/bin/env node
// The full screen (NSFW + faces + age + OCR) of each photo, image-guard-kit (with the same analyzers, and with
// everything it does by default: + COCO objects + quality) against the naive glue of the raw libraries (bench/naive-glue.html, on tfjs' default backend and on wasm), alternating in one
// Chromium. Prints the median time per photo, the ratios, and the longest main-thread task seen while screening
// (PerformanceObserver 'longtask': a task over 50 ms is one the page could not answer input during).
// Part of `npm run bench` (bench/run.mjs); alone: `npm run bench:full`.
import { readFileSync } from 'node:fs';
import { isMain, median, photos, startBench } from './session.mjs';

/** Watches the page's main thread: the longest task since the last call. */
const watchLongTasks = (page) =>
  page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
    }).observe({ type: 'longtask' });
  });

export async function fullScreen(bench, rounds) {
  // The same work as the glue (objects and quality off), and everything the library does by default.
  const { page: library, loadMs } = await bench.library({ analyzers: { objects: false, quality: false } });
  const { page: libraryAll } = await bench.library({});
  const device = await library.evaluate(() => window.guard.diagnostics());
  const glue = {};
  for (const backend of ['webgl', 'wasm']) {
    const started = Date.now();
    const page = await bench.open(`/bench/naive-glue.html?backend=${backend}`);
    glue[backend] = { page, loadMs: Date.now() - started };
  }
  const pages = {
    library,
    'library + objects + quality': libraryAll,
    'glue-webgl': glue.webgl.page,
    'glue-wasm': glue.wasm.page,
  };
  const isLibrary = (key) => key.startsWith('library');
  for (const page of Object.values(pages)) await watchLongTasks(page);

  const screen = (page, viaLibrary, bytes, name) =>
    page.evaluate(
      async ({ data, fileName, lib }) => {
        const file = new File([new Uint8Array(data)], fileName, { type: 'image/jpeg' });
        window.longest = 0;
        const started = performance.now();
        const result = lib ? await window.guard.moderate(file) : await window.screenFile(file);
        const ms = performance.now() - started;
        const faces = lib ? result.analysis.faces.count : result.faces;
        // Long tasks are reported after they end: give the observer a turn.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { ms, longest: window.longest, faces };
      },
      { data: [...bytes], fileName: name, lib: viaLibrary },
    );

  const files = photos.map((path) => ({ name: path.split('/').pop(), bytes: readFileSync(path) }));
  const samples = Object.fromEntries(Object.keys(pages).map((key) => [key, { ms: [], longest: 0, faces: 0 }]));
  for (const [key, page] of Object.entries(pages)) await screen(page, isLibrary(key), files[0].bytes, files[0].name); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const file of files) {
      for (const [key, page] of Object.entries(pages)) {
        const { ms, longest, faces } = await screen(page, isLibrary(key), file.bytes, file.name);
        if (round === 0) samples[key].faces += faces;
        samples[key].ms.push(ms);
        samples[key].longest = Math.max(samples[key].longest, longest);
      }
    }
  }
  for (const page of Object.values(pages)) await page.close();
  const base = median(samples['glue-webgl'].ms);
  const baseWasm = median(samples['glue-wasm'].ms);
  console.log(`\nFull screen (NSFW + faces + age + OCR), ${files.length} photos x ${rounds} rounds, alternating; median ms per photo:`);
  console.table(
    Object.fromEntries(
      Object.entries(samples).map(([key, { ms, longest, faces }]) => [
        key,
        {
          medianMs: Math.round(median(ms)),
          'x glue (default backend)': +(median(ms) / base).toFixed(2),
          'x glue (wasm)': +(median(ms) / baseWasm).toFixed(2),
          'longest main-thread task ms': Math.round(longest),
          // The photos hold 22 people (faces.spec.ts pins the library's count per photo).
          'faces found (of 22)': faces,
        },
      ]),
    ),
  );
  console.log(
    `cold start: image-guard-kit guard ready in ${Math.round(loadMs)} ms; glue pages (page + models) ` +
      `${glue.webgl.loadMs} ms (default backend), ${glue.wasm.loadMs} ms (wasm).`,
  );
  console.log(
    `image-guard-kit backend: ${device.backend} (tried in order ${device.backendOrder.join(' > ')}; ` +
      `device: ${JSON.stringify(device.device)}).`,
  );
}

if (isMain(import.meta.url)) {
  const bench = await startBench();
  try {
    await fullScreen(bench, Number(process.env.BENCH_ROUNDS ?? 3));
  } finally {
    await bench.close();
  }
}
