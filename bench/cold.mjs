#!/usr/bin/env node
// Cold start to first verdict: a visitor opens the page, the guard (or the naive glue) loads its models, and one
// photo is screened; the time is from navigation start to that verdict. First visit: a fresh browser profile.
// Second visit: the same profile reopened, as a returning visitor (the library's Cache Storage copy of the model
// files, and the HTTP cache, are on disk by then). Medians over several fresh profiles. The downlink is throttled
// (BENCH_MBPS, default 40 Mbit/s; 0 = loopback speed): on loopback a 30 MB download costs nothing, and what a
// returning visitor saves would not show.
// Part of `npm run bench` (bench/run.mjs); alone: `node bench/cold.mjs`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumExecutable, chromiumArgs } from '../scripts/chromium.mjs';
import { isMain, median, startBench } from './session.mjs';

const PHOTO = '/node_modules/@vladmandic/face-api/demo/sample1.jpg';
const MBPS = Number(process.env.BENCH_MBPS ?? 40);

/** One visit in the profile at `profileDir`: ms from navigation start to the first verdict, and to models ready. */
async function visit(origin, profileDir, path) {
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumExecutable(), args: chromiumArgs });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (MBPS > 0) {
      // DevTools' throttling covers the page's dedicated workers too (the model files are fetched in one).
      const cdp = await context.newCDPSession(page);
      const bytesPerSecond = (MBPS * 1_000_000) / 8;
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 2,
        downloadThroughput: bytesPerSecond,
        uploadThroughput: bytesPerSecond,
      });
    }
    await page.goto(`${origin}${path}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
    return await page.evaluate(async (photoUrl) => {
      const file = new File([await (await fetch(photoUrl)).blob()], 'sample1.jpg', { type: 'image/jpeg' });
      if (window.screenFile) {
        const readyMs = performance.now();
        await window.screenFile(file);
        return { readyMs, verdictMs: performance.now() };
      }
      // The evidence cache off: the second visit screens the same photo, and must run the models to be comparable.
      window.guard = await window.imageGuardKit.createImageGuard({ cache: false });
      const readyMs = performance.now();
      await window.guard.moderate(file);
      return { readyMs, verdictMs: performance.now() };
    }, PHOTO);
  } finally {
    await context.close();
  }
}

export async function coldStart(bench, rounds) {
  const pages = { 'image-guard-kit': '/test/browser/harness.html', 'naive glue (default backend)': '/bench/naive-glue.html' };
  const samples = Object.fromEntries(Object.keys(pages).map((key) => [key, { first: [], second: [], firstReady: [], secondReady: [] }]));
  // Round -1 warms the dev server's transform cache, so no visit pays for Vite compiling the modules.
  for (let round = -1; round < rounds; round++) {
    for (const [key, path] of Object.entries(pages)) {
      const profile = mkdtempSync(join(tmpdir(), 'image-guard-bench-'));
      try {
        const first = await visit(bench.origin, profile, path);
        const second = await visit(bench.origin, profile, path);
        if (round < 0) continue;
        samples[key].first.push(first.verdictMs);
        samples[key].second.push(second.verdictMs);
        samples[key].firstReady.push(first.readyMs);
        samples[key].secondReady.push(second.readyMs);
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  }
  const link = MBPS > 0 ? `a ${MBPS} Mbit/s downlink` : 'loopback speed';
  console.log(`\nCold start, navigation to first verdict of a 1920 px photo (full screen), ${link}, median of ${rounds} fresh profiles, ms:`);
  console.table(
    Object.fromEntries(
      Object.entries(samples).map(([key, s]) => [
        key,
        {
          'first visit': Math.round(median(s.first)),
          'second visit': Math.round(median(s.second)),
          'second / first': +(median(s.second) / median(s.first)).toFixed(2),
          'models ready, first': Math.round(median(s.firstReady)),
          'models ready, second': Math.round(median(s.secondReady)),
        },
      ]),
    ),
  );
}

if (isMain(import.meta.url)) {
  const bench = await startBench();
  try {
    await coldStart(bench, Number(process.env.BENCH_COLD_ROUNDS ?? 3));
  } finally {
    await bench.close();
  }
}
