#!/usr/bin/env node
// npm run bench: every comparison in one run, each against its baseline measured in the same run (alternating
// rounds, medians), never a pass/fail on time. BENCH_ROUNDS (default 3) sets the rounds of the timing sections.
//   1. The full screen per photo, with the glue's analyzers (NSFW + faces + age + OCR) and with the defaults, against
//      the naive glue of the raw libraries on wasm, on demo and held-out photos: speed-up, each stage, the text
//      stage on photos without text, the longest main-thread task; then the renderer's memory growth after ten
//      photos against the glue's, and the first OCR read after a start against the same photo read again (bench/full.mjs).
//   2. NSFW only against raw nsfwjs (bench/nsfw.mjs).
//   3. First visit against second visit to a built page with the element, pick to first verdict at 20 Mbit/s, and
//      the bytes each downloads (bench/cold.mjs; BENCH_COLD_ROUNDS fresh profiles, default 2).
//   4. The library in Chromium, Firefox and WebKit: backend, start, time per photo against Chromium
//      (bench/engines.mjs; BENCH_ENGINES picks them).
//   5. NSFW regions on the evasion set: signal kept per kind of edit, false alarms, cost (bench/evasion.mjs), and
//      issue 14's figures together (with section 2's NSFW-only ratio).
//   6. image-guard-kit serve under concurrent clients against the CLI on the same files (bench/serve.mjs).
import { coldStart } from './cold.mjs';
import { engines } from './engines.mjs';
import { evasion } from './evasion.mjs';
import { firstRead, fullScreen, memoryGrowth } from './full.mjs';
import { nsfwOnly } from './nsfw.mjs';
import { serveLoad } from './serve.mjs';
import { startBench } from './session.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const bench = await startBench();
try {
  await fullScreen(bench, rounds);
  await firstRead(bench);
  await memoryGrowth(bench);
  const nsfw = await nsfwOnly(bench, rounds);
  await coldStart(Number(process.env.BENCH_COLD_ROUNDS ?? 2));
  await engines(bench, 1);
  await evasion(bench, nsfw);
} finally {
  await bench.close();
}
await serveLoad(rounds);
