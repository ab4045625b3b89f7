import { test, expect, type Page } from '@playwright/test';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { buildCorpus, type CorpusEntry } from '../support/corpus.js';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type * as ImageGuardKit from '../../src/index.js';

// Hostile and unusual files through the real pipeline in Chromium: every one gets its expected verdict or typed
// error within a time bound, no script in them runs, no request leaves the origin, and the page stays responsive.

declare global {
  interface Window {
    imageGuardKit: typeof ImageGuardKit;
    guard: ImageGuardKit.ImageGuard;
    hacked?: boolean;
    check(bytes: number[], name: string, type: string, boundMs: number): Promise<Outcome>;
    heartbeat: { last: number; maxGap: number };
  }
}

type Outcome =
  | { kind: 'verdict'; ms: number; verdict: ImageGuardKit.Verdict }
  | { kind: 'error'; ms: number; code: string; message: string; typed: boolean }
  | { kind: 'hang'; ms: number };

/** Per-file bound for "never a hang": generous for a loaded 2-core machine, far below a real hang. */
const BOUND_MS = 15_000;

async function openHarness(page: Page, options: ImageGuardKit.GuardOptions = {}): Promise<void> {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.evaluate(async (guardOptions) => {
    window.guard = await window.imageGuardKit.createImageGuard(guardOptions);
    // Heartbeat: the longest gap between timer ticks shows whether the main thread was ever blocked.
    window.heartbeat = { last: performance.now(), maxGap: 0 };
    setInterval(() => {
      const now = performance.now();
      window.heartbeat.maxGap = Math.max(window.heartbeat.maxGap, now - window.heartbeat.last);
      window.heartbeat.last = now;
    }, 20);
    window.check = async (bytes, name, type, boundMs) => {
      const started = performance.now();
      const file = new File([new Uint8Array(bytes)], name, { type });
      const hang = new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), boundMs));
      try {
        const result = await Promise.race([window.guard.moderate(file), hang]);
        const ms = performance.now() - started;
        return result === 'hang' ? { kind: 'hang', ms } : { kind: 'verdict', ms, verdict: result };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return {
          kind: 'error',
          ms: performance.now() - started,
          code: e.code ?? 'untyped',
          message: e.message ?? '',
          typed: error instanceof window.imageGuardKit.ImageGuardError,
        };
      }
    };
  }, options);
}

/** For checks of the input layer, which runs before any model: the NSFW model alone, the fastest guard to start. */
const NSFW_ONLY: ImageGuardKit.GuardOptions = { analyzers: { faces: false, objects: false, text: false, quality: false } };

const check = (page: Page, entry: Pick<CorpusEntry, 'bytes' | 'fileName' | 'mimeType'>) =>
  page.evaluate(
    ({ bytes, name, type, bound }) => window.check(bytes, name, type, bound),
    { bytes: [...entry.bytes], name: entry.fileName, type: entry.mimeType, bound: BOUND_MS },
  );

test('every file in the hostile corpus gets its expected outcome, quickly, with nothing escaping', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const corpus = await buildCorpus();
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(baseURL!) && !/^(data|blob):/.test(request.url())) foreign.push(request.url());
  });
  await openHarness(page);

  const table: string[] = [];
  for (const entry of corpus) {
    const outcome = await check(page, entry);
    const got = outcome.kind === 'error' ? outcome.code : outcome.kind;
    table.push(`${entry.name.padEnd(20)} ${entry.about.padEnd(80)} → ${got} (${Math.round(outcome.ms)} ms)`);
    expect(outcome.kind, `${entry.name} must not hang`).not.toBe('hang');
    if ('code' in entry.expected) {
      expect(outcome, entry.name).toMatchObject({ kind: 'error', code: entry.expected.code, typed: true });
      if (outcome.kind === 'error') expect(outcome.message.length, `${entry.name}: a message a person can read`).toBeGreaterThan(20);
    } else {
      expect(outcome.kind, `${entry.name}: ${outcome.kind === 'error' ? outcome.message : ''}`).toBe('verdict');
      if (outcome.kind !== 'verdict') continue;
      expect(verdictSchemaErrors(outcome.verdict), entry.name).toBeNull();
      expect(outcome.verdict.analysis.image, entry.name).toMatchObject(entry.expected.image);
      if (entry.expected.gps) {
        expect(outcome.verdict.analysis.metadata.gps?.latitude).toBeCloseTo(48.8582, 3);
        expect(outcome.verdict.analysis.metadata.camera).toMatchObject({ make: 'TestCam', model: 'X1' });
      }
    }
  }
  console.log(`hostile corpus, ${corpus.length} files:\n${table.join('\n')}`);

  const { hacked, maxGap } = await page.evaluate(() => ({ hacked: window.hacked, maxGap: window.heartbeat.maxGap }));
  expect(hacked, 'a script inside an uploaded file ran').toBeUndefined();
  expect(foreign, 'requests that left the origin').toEqual([]);
  // Decoding and inference run in the worker: the page's timers keep ticking (a blocked main thread shows as seconds).
  console.log(`longest main-thread timer gap during the corpus: ${Math.round(maxGap)} ms`);
  expect(maxGap).toBeLessThan(2000);
});

test('a 60 MB file is refused by size before it is read', async ({ page }) => {
  await openHarness(page, NSFW_ONLY);
  const outcome = await page.evaluate(() =>
    window.guard.moderate(new File([new Uint8Array(60_000_000)], 'huge.jpg')).then(
      () => 'verdict',
      (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
    ),
  );
  expect(outcome).toBe('file_too_large: This file is 60 MB; the limit is 50 MB. Choose a smaller image.');
});

test('limits are options: a lower pixel limit and a frame budget', async ({ page }) => {
  const corpus = await buildCorpus();
  await openHarness(page, { ...NSFW_ONLY, limits: { maxPixels: 10_000, maxFrames: 3 } });
  const photo = corpus.find((entry) => entry.name === 'jpeg-as-gif')!;
  expect(await check(page, photo)).toMatchObject({ kind: 'error', code: 'dimensions_too_large' });
  const animation = corpus.find((entry) => entry.name === 'gif-animated-20')!;
  const outcome = await check(page, animation);
  expect(outcome.kind).toBe('verdict');
  if (outcome.kind === 'verdict') expect(outcome.verdict.analysis.image).toMatchObject({ frames: 20, sampledFrames: [0, 6, 13] });
});

test('a GPS position sends the photo to review under strict', async ({ page }) => {
  const corpus = await buildCorpus();
  await openHarness(page, { ...NSFW_ONLY, policy: 'strict' });
  const outcome = await check(page, corpus.find((entry) => entry.name === 'gps-jpeg')!);
  expect(outcome.kind).toBe('verdict');
  if (outcome.kind !== 'verdict') return;
  expect(outcome.verdict.analysis.flags.map((flag) => flag.signal)).toContain('location');
  expect(outcome.verdict.suggestedActions.review || outcome.verdict.suggestedActions.reject).toBe(true);
});

test('text drawn only in the alpha channel stays readable: transparent areas are composited on white', async ({ page }) => {
  // The decode stage itself, as the worker runs it: no guard needed.
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  // Black RGB everywhere; the word is only in the alpha channel. A naive pipeline sees a black square.
  const width = 200;
  const height = 80;
  const rgba = Buffer.alloc(width * height * 4);
  const glyph = await sharp({ text: { text: 'HELLO', width, height } }).resize(width, height, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).extractChannel(0).raw().toBuffer();
  for (let i = 0; i < width * height; i++) rgba[i * 4 + 3] = glyph[i] ?? 0;
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
  const pixels = await page.evaluate(async (bytes) => {
    // The dev server serves the sources: import the decode stage itself, as the worker does.
    const [decodePath, probePath] = ['/src/input/decode.ts', '/src/input/probe.ts'];
    const { decodeImage } = (await import(decodePath)) as typeof import('../../src/input/decode.js');
    const { probeImage, DEFAULT_LIMITS } = (await import(probePath)) as typeof import('../../src/input/probe.js');
    const data = new Uint8Array(bytes);
    const decoded = await decodeImage(data, probeImage(data, DEFAULT_LIMITS), 1);
    const image = await decoded.frames[0]!.resize(200, 80, 'smooth');
    let light = 0;
    let dark = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const value = image.data[i]!;
      if (value > 200) light++;
      else if (value < 60) dark++;
    }
    return { light, dark, total: image.data.length / 4 };
  }, [...png]);
  // Mostly white background, with the letters dark: neither a black square nor a blank one.
  expect(pixels.light / pixels.total).toBeGreaterThan(0.6);
  expect(pixels.dark).toBeGreaterThan(200);
});

test('a model that cannot load: the guard still works and each verdict asks for review (onModelError)', async ({ page }) => {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const result = await page.evaluate(async () => {
    const progress: string[] = [];
    const guard = await window.imageGuardKit.createImageGuard({
      modelBaseUrl: '/nowhere/',
      onProgress: (p) => progress.push(p.phase),
    });
    const url = '/node_modules/@vladmandic/face-api/demo/sample1.jpg';
    const byDefault = await guard.moderate(url);
    const allowed = await guard.moderate(url, { policy: { onModelError: 'allow' } });
    guard.dispose();
    return { progress, byDefault, allowed };
  });
  expect(result.progress).toContain('model-failed');
  expect(verdictSchemaErrors(result.byDefault)).toBeNull();
  expect(result.byDefault.suggestedActions).toEqual({ reject: false, review: true });
  expect(result.byDefault.analysis.nsfw).toBeNull();
  // The NSFW model, the face models, the object model and the OCR engine all live under the missing folder.
  expect(result.byDefault.analysis.errors.map((failure) => [failure.analyzer, failure.code])).toEqual([
    ['nsfw', 'model_load_failed'],
    ['faces', 'model_load_failed'],
    ['objects', 'model_load_failed'],
    ['text', 'model_load_failed'],
  ]);
  for (const failure of result.byDefault.analysis.errors) {
    expect(failure.message).toContain('/nowhere/');
    expect(failure.message).not.toContain('undefined');
  }
  expect(result.byDefault.analysis.text).toBeNull();
  expect(result.byDefault.analysis.flags.map((flag) => flag.reason)).toEqual([
    'The NSFW check could not run, so this image was not fully checked.',
    'The face check could not run, so this image was not fully checked.',
    'The object check could not run, so this image was not fully checked.',
    'The text (OCR) check could not run, so this image was not fully checked.',
  ]);
  expect(result.allowed.isSafe).toBe(true);
  expect(result.allowed.analysis.errors).toHaveLength(4);
});

test('a check that runs past its time limit stops with "timeout", and the guard recovers with a fresh worker', async ({ page }) => {
  await openHarness(page, NSFW_ONLY);
  const result = await page.evaluate(async () => {
    const url = '/node_modules/@vladmandic/face-api/demo/sample1.jpg';
    const first = await window.guard.moderate(url, { timeoutMs: 1 }).then(
      () => 'verdict',
      (e: { code: string }) => e.code,
    );
    const after = await window.guard.moderate(url);
    return { first, rating: after.summary.contentRating };
  });
  expect(result).toEqual({ first: 'timeout', rating: 'G' });
});

test('fuzz: mutated JPEG, PNG, GIF and WebP files always give a verdict or a typed error, never a hang', async ({ page }) => {
  test.setTimeout(300_000);
  await openHarness(page);
  const photo = readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg');
  const base = await sharp(photo).resize(96, 64);
  const seeds = {
    jpeg: new Uint8Array(await base.clone().jpeg().toBuffer()),
    png: new Uint8Array(await base.clone().png().toBuffer()),
    gif: new Uint8Array(await base.clone().gif().toBuffer()),
    webp: new Uint8Array(await base.clone().webp().toBuffer()),
  };
  const mutation = fc.record({
    seed: fc.constantFrom(...(Object.keys(seeds) as (keyof typeof seeds)[])),
    edits: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  });
  type Edit = { kind: 'flip'; at: number; value: number } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array };
  const apply = ({ seed, edits }: { seed: keyof typeof seeds; edits: Edit[] }) => {
    let bytes = Uint8Array.from(seeds[seed]);
    for (const edit of edits) {
      const at = edit.at % Math.max(1, bytes.length);
      if (edit.kind === 'flip') bytes[at] = edit.value;
      else if (edit.kind === 'truncate') bytes = bytes.slice(0, at);
      else bytes = Uint8Array.from([...bytes.slice(0, at), ...edit.bytes, ...bytes.slice(at)]);
    }
    return bytes;
  };
  const seen: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(mutation, async (input) => {
      const bytes = apply(input);
      const outcome = await check(page, { bytes, fileName: `fuzz.${input.seed}`, mimeType: `image/${input.seed}` });
      const key = outcome.kind === 'error' ? outcome.code : outcome.kind;
      seen[key] = (seen[key] ?? 0) + 1;
      if (outcome.kind === 'hang') return false;
      if (outcome.kind === 'error') return outcome.typed && outcome.code !== 'untyped' && outcome.message.length > 0;
      return verdictSchemaErrors(outcome.verdict) === null;
    }),
    { numRuns: 120, seed: 20261122 },
  );
  console.log('fuzz outcomes:', JSON.stringify(seen));
  expect(await page.evaluate(() => window.hacked)).toBeUndefined();
});
