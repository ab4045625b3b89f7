#!/usr/bin/env node
// npm run bench: every comparison in one run, each against its baseline measured in the same run (alternating
// rounds, medians), never a pass/fail on time. BENCH_ROUNDS (default 3) sets the rounds of the timing sections,
// BENCH_COLD_ROUNDS (default 3) the fresh profiles of the cold-start section.
//   1. The full screen per photo (NSFW + faces + age + OCR) against the naive glue of the raw libraries, with the
//      longest main-thread task of each (bench/full.mjs).
//   2. NSFW only against raw nsfwjs (bench/nsfw.mjs).
//   3. Cold start to the first verdict, first and second visit, against the glue (bench/cold.mjs).
//   4. The library in Chromium, Firefox and WebKit: backend, start, time per photo against Chromium
//      (bench/engines.mjs; BENCH_ENGINES picks them).
//   5. NSFW regions on the evasion set: signal kept per kind of edit, false alarms, cost (bench/evasion.mjs).
//   6. image-guard-kit serve under concurrent clients against the CLI on the same files (bench/serve.mjs).
import { coldStart } from './cold.mjs';
import { engines } from './engines.mjs';
import { evasion } from './evasion.mjs';
import { fullScreen } from './full.mjs';
import { nsfwOnly } from './nsfw.mjs';
import { serveLoad } from './serve.mjs';
import { startBench } from './session.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const bench = await startBench();
try {
  await fullScreen(bench, rounds);
  await nsfwOnly(bench, rounds);
  await coldStart(bench, Number(process.env.BENCH_COLD_ROUNDS ?? 3));
  await engines(bench, 1);
  await evasion(bench);
} finally {
  await bench.close();
}
await serveLoad(rounds);
