#!/usr/bin/env node
// npm run bench:full: the full screen (NSFW + faces + age + OCR) of each photo, image-guard-kit against the naive
// glue of the raw libraries (bench/naive-glue.html, on tfjs' default backend and on wasm), alternating in one
// Chromium. Prints the median time per photo, the ratios, and the longest main-thread task seen while screening
// (PerformanceObserver 'longtask': a task over 50 ms is one the page could not answer input during).
import { readFileSync } from 'node:fs';
import { startBench } from './session.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const photos = [1, 2, 3, 4, 5, 6].map((n) => `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`);
const bench = await startBench();

/** Watches the page's main thread: the longest task since the last call. */
const watchLongTasks = (page) =>
  page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
    }).observe({ type: 'longtask' });
  });

try {
  const { page: library, loadMs } = await bench.library({});
  const glue = {};
  for (const backend of ['webgl', 'wasm']) {
    const started = Date.now();
    const page = await bench.open(`/bench/naive-glue.html?backend=${backend}`);
    glue[backend] = { page, loadMs: Date.now() - started };
  }
  const pages = { library, 'glue-webgl': glue.webgl.page, 'glue-wasm': glue.wasm.page };
  for (const page of Object.values(pages)) await watchLongTasks(page);

  const screen = (page, isLibrary, bytes, name) =>
    page.evaluate(
      async ({ data, fileName, lib }) => {
        const file = new File([new Uint8Array(data)], fileName, { type: 'image/jpeg' });
        window.longest = 0;
        const started = performance.now();
        if (lib) await window.guard.moderate(file);
        else await window.screenFile(file);
        const ms = performance.now() - started;
        // Long tasks are reported after they end: give the observer a turn.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { ms, longest: window.longest };
      },
      { data: [...bytes], fileName: name, lib: isLibrary },
    );

  const files = photos.map((path) => ({ name: path.split('/').pop(), bytes: readFileSync(path) }));
  const samples = Object.fromEntries(Object.keys(pages).map((key) => [key, { ms: [], longest: 0 }]));
  for (const [key, page] of Object.entries(pages)) await screen(page, key === 'library', files[0].bytes, files[0].name); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const file of files) {
      for (const [key, page] of Object.entries(pages)) {
        const { ms, longest } = await screen(page, key === 'library', file.bytes, file.name);
        samples[key].ms.push(ms);
        samples[key].longest = Math.max(samples[key].longest, longest);
      }
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const base = median(samples['glue-webgl'].ms);
  const baseWasm = median(samples['glue-wasm'].ms);
  console.log(`Full screen (NSFW + faces + age + OCR), ${files.length} photos x ${rounds} rounds, alternating; median ms per photo:`);
  console.table(
    Object.fromEntries(
      Object.entries(samples).map(([key, { ms, longest }]) => [
        key,
        {
          medianMs: Math.round(median(ms)),
          'x glue (default backend)': +(median(ms) / base).toFixed(2),
          'x glue (wasm)': +(median(ms) / baseWasm).toFixed(2),
          'longest main-thread task ms': Math.round(longest),
        },
      ]),
    ),
  );
  console.log(
    `cold start: image-guard-kit guard ready in ${Math.round(loadMs)} ms; glue pages (page + models) ` +
      `${glue.webgl.loadMs} ms (default backend), ${glue.wasm.loadMs} ms (wasm).`,
  );
} finally {
  await bench.close();
}
