#!/usr/bin/env node
// The library in each browser engine on the same machine, in one run: Chromium, Firefox and WebKit (drivers and
// binaries as in the cross-engine suite, test/engines/drivers.ts). Per engine: the tfjs backend the guard chose,
// the guard's start (models and tesseract) and the median time per photo with every analyzer on (the evidence
// cache off), and that median against Chromium's. BENCH_ENGINES picks the engines (default all three).
// Part of `npm run bench` (bench/run.mjs); alone: `node bench/engines.mjs`.
import { isMain, median, photos, startBench } from './session.mjs';

export async function engines(bench, rounds) {
  const { launch, waitFor } = await bench.server.ssrLoadModule('/test/engines/drivers.ts');
  const { startApiRun } = await bench.server.ssrLoadModule('/test/engines/page-scripts.ts');
  const names = (process.env.BENCH_ENGINES ?? 'chromium,firefox,webkit').split(',');
  // Each photo `rounds` times, in turn; the first pass over the photos is a warm-up and not counted.
  const urls = [...photos, ...Array.from({ length: rounds }, () => photos).flat()].map((path) => `/${path}`);
  const rows = [];
  for (const name of names) {
    const session = await launch(name);
    try {
      await session.goto(`${bench.origin}/test/browser/harness.html`);
      await waitFor(session, `document.body.dataset.ready === 'true'`, 'the harness page loading', 120_000);
      await session.evaluate(startApiRun(urls, [], 0, { cache: false }));
      const run = await waitFor(session, 'window.__engines.done && window.__engines', 'the bench run', 1_800_000);
      if (run.error) throw new Error(`${name}: ${run.error.message}`);
      const counted = run.photos.slice(photos.length).map((photo) => photo.ms);
      rows.push({
        engine: name,
        version: session.version,
        backend: run.diagnostics.backend,
        startMs: run.initMs,
        perPhotoMs: median(counted),
        failures: [...new Set(run.photos.flatMap((photo) => photo.verdict.analysis.errors.map((error) => error.analyzer)))],
      });
    } finally {
      await session.close();
    }
  }
  const chromium = rows.find((row) => row.engine === 'chromium');
  console.log(`\n## Engines: every analyzer, ${photos.length} photos x ${rounds} rounds (median per photo), cache off\n`);
  console.log('| engine | browser | backend | guard start | per photo | vs Chromium | models that failed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const ratio = chromium ? `${(row.perPhotoMs / chromium.perPhotoMs).toFixed(2)}x` : 'n/a';
    const start = `${(row.startMs / 1000).toFixed(1)} s`;
    const photo = `${Math.round(row.perPhotoMs)} ms`;
    console.log(`| ${row.engine} | ${row.version} | ${row.backend} | ${start} | ${photo} | ${ratio} | ${row.failures.join(', ') || 'none'} |`);
  }
  return rows;
}

if (isMain(import.meta.url)) {
  const bench = await startBench();
  try {
    await engines(bench, Number(process.env.BENCH_ROUNDS ?? 1));
  } finally {
    await bench.close();
  }
}
