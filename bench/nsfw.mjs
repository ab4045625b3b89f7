#!/usr/bin/env node
// NSFW only: image-guard-kit against raw nsfwjs on the same photos, in one Chromium, in alternating rounds.
// Prints the median time per photo for each and the ratios against raw nsfwjs on the same backend.
// Timings are wall-clock from the page (File in, scores out), medians over every photo of every round.
// Part of `npm run bench` (bench/run.mjs); alone: `node bench/nsfw.mjs`.
import { readFileSync } from 'node:fs';
import { isMain, median, photos, startBench } from './session.mjs';

export async function nsfwOnly(bench, rounds) {
  // NSFW only, to compare like with like against raw nsfwjs.
  const { page: library, loadMs: libraryLoadMs } = await bench.library({ analyzers: { faces: false, text: false, objects: false, quality: false } });

  const raw = {};
  for (const backend of ['wasm', 'webgl']) {
    const started = Date.now();
    const page = await bench.open(`/bench/raw-nsfwjs.html?backend=${backend}`);
    raw[backend] = { page, loadMs: Date.now() - started, backend: await page.evaluate(() => window.backend) };
  }

  const timeIn = (page, fn, bytes, name) =>
    page.evaluate(
      async ({ fnName, data, fileName }) => {
        const file = new File([new Uint8Array(data)], fileName, { type: 'image/jpeg' });
        const started = performance.now();
        if (fnName === 'library') await window.guard.moderate(file, {});
        else await window.classifyFile(file);
        return performance.now() - started;
      },
      { fnName: fn, data: [...bytes], fileName: name },
    );

  const samples = { library: [], wasm: [], webgl: [] };
  const files = photos.map((path) => ({ name: path.split('/').pop(), bytes: readFileSync(path) }));
  // One warm-up pass each, not counted.
  for (const file of files.slice(0, 1)) {
    await timeIn(library, 'library', file.bytes, file.name);
    for (const backend of ['wasm', 'webgl']) await timeIn(raw[backend].page, 'raw', file.bytes, file.name);
  }
  for (let round = 0; round < rounds; round++) {
    for (const file of files) {
      samples.library.push(await timeIn(library, 'library', file.bytes, file.name));
      for (const backend of ['wasm', 'webgl']) samples[backend].push(await timeIn(raw[backend].page, 'raw', file.bytes, file.name));
    }
  }
  for (const page of [library, raw.wasm.page, raw.webgl.page]) await page.close();

  const lib = median(samples.library);
  const rawWasm = median(samples.wasm);
  const rawWebgl = median(samples.webgl);
  console.log(`\nNSFW only, ${files.length} photos (1920 px JPEG) x ${rounds} rounds, alternating; median ms per photo:`);
  console.table({
    'image-guard-kit (worker, auto backend)': { medianMs: +lib.toFixed(1), 'x raw nsfwjs wasm': +(lib / rawWasm).toFixed(2), 'x raw nsfwjs webgl': +(lib / rawWebgl).toFixed(2) },
    'raw nsfwjs, wasm backend': { medianMs: +rawWasm.toFixed(1), 'x raw nsfwjs wasm': 1, 'x raw nsfwjs webgl': +(rawWasm / rawWebgl).toFixed(2) },
    [`raw nsfwjs, default backend (${raw.webgl.backend})`]: { medianMs: +rawWebgl.toFixed(1), 'x raw nsfwjs wasm': +(rawWebgl / rawWasm).toFixed(2), 'x raw nsfwjs webgl': 1 },
  });
  console.log(
    `model load: image-guard-kit ${libraryLoadMs.toFixed(0)} ms (worker start + backend + warm-up); ` +
      `raw wasm page ${raw.wasm.loadMs} ms, raw webgl page ${raw.webgl.loadMs} ms (page load + model load).`,
  );
  return { libraryMs: lib, rawWasmMs: rawWasm };
}

if (isMain(import.meta.url)) {
  const bench = await startBench();
  try {
    await nsfwOnly(bench, Number(process.env.BENCH_ROUNDS ?? 5));
  } finally {
    await bench.close();
  }
}
