import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildCorpus } from '../support/corpus.js';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type { Verdict } from '../../src/index.js';
import { launch, waitFor, type EngineName, type EngineSession } from './drivers.js';
import {
  choosePolicy,
  clearSubmitResult,
  demoPhotos,
  eventsFrom,
  foreignRequests,
  formState,
  recordElementEvents,
  startApiRun,
  type ApiRun,
  type ElementEvent,
  type UploadFile,
} from './page-scripts.js';
import { cspReports } from './servers.js';

// The cross-engine suite, the same for each engine: the core API on the demo photos and the hostile corpus (dev
// server), the demo's <image-guard> in its form (dev server and built site), and no request off the origin. Each
// verdict must validate, carry every analyzer's evidence, and give the rating and actions Chromium gives.

/** Per file in the hostile corpus: far below a hang, room for a loaded 2-core machine in a slower engine. */
const FILE_BOUND_MS = 30_000;
/** A guard's start (models, tesseract) and six photos, in the slowest engine on a loaded machine. */
const RUN_TIMEOUT_MS = 360_000;
const resultsDir = resolve('node_modules/.cache/image-guard-kit/engines');
/** A host nothing answers on (TEST-NET-1): the policy blocks it before any packet is sent. */
const FOREIGN = 'http://192.0.2.1/';

const analyzers = ['nsfw', 'faces', 'text', 'objects', 'quality'] as const;

/**
 * Engines that send a worker's CSP violations to `report-uri`. WebKit reports only the page's: a worker's request to
 * another origin is blocked there too (it never reached a listening server in a trial), but unreported, so in
 * WebKit the workers' side of "no request off the origin" rests on the same code being checked in the others.
 */
const REPORTS_FROM_WORKERS: EngineName[] = ['chromium', 'firefox'];

/**
 * Files whose decoding is the engine's own decoder's call, where it differs from Chromium's. Firefox and WebKit turn
 * a PNG whose image data is not zlib at all into a blank (fully transparent) picture of the header's size instead
 * of refusing it: there is nothing to see, in that browser or any other, so a verdict on the blank is no hole; it
 * must still be a valid verdict, in bounded time.
 */
const ENGINE_DECODER_CALLS: Partial<Record<EngineName, string[]>> = {
  firefox: ['png-broken-zlib'],
  webkit: ['png-broken-zlib'],
};

function expectLikeChromium(verdict: Verdict, url: string): void {
  expect(verdictSchemaErrors(verdict), url).toBeNull();
  for (const name of analyzers) expect(verdict.analysis[name], `${url}: ${name} evidence`).not.toBeNull();
  expect(verdict.analysis.errors, `${url}: analyzer failures`).toEqual([]);
  const reference = inject('chromium').photos.find((photo) => basename(photo.url) === basename(url));
  expect(reference, `Chromium's verdict for ${url}`).toBeDefined();
  expect({ rating: verdict.summary.contentRating, actions: verdict.suggestedActions }, url).toEqual({
    rating: reference!.rating,
    actions: reference!.actions,
  });
}

async function reportsSince(count: number): Promise<string[]> {
  return (await cspReports(inject('reportUrl'))).slice(count);
}

export function engineSuite(engine: Exclude<EngineName, 'chromium'>): void {
  let session: EngineSession;
  let files: string;

  beforeAll(async () => {
    session = await launch(engine);
    console.log(`${engine}: ${session.version}; Chromium reference: ${inject('chromium').version}`);
    files = mkdtempSync(join(tmpdir(), `image-guard-${engine}-`));
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  describe('dev server: the core API', () => {
    let run: ApiRun;
    let reportsBefore: number;

    beforeAll(async () => {
      reportsBefore = (await cspReports(inject('reportUrl'))).length;
      const corpus = await buildCorpus();
      const uploads: UploadFile[] = corpus.map(({ name, bytes, fileName, mimeType }) => ({
        name,
        base64: Buffer.from(bytes).toString('base64'),
        fileName,
        mimeType,
      }));
      await session.goto(`${inject('devOrigin')}/test/browser/harness.html`);
      await waitFor(session, `document.body.dataset.ready === 'true'`, 'the harness page loading', 60_000);
      await session.evaluate(startApiRun(demoPhotos.map((path) => `/${path}`), uploads, FILE_BOUND_MS));
      run = await waitFor<ApiRun>(session, `window.__engines.done && window.__engines`, 'the API run', RUN_TIMEOUT_MS + 30 * FILE_BOUND_MS);
      // Kept for a look after a failure, and for the figures in the README.
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(join(resultsDir, `${engine}-api.json`), JSON.stringify(run, null, 1));
      console.log(
        `${engine} (dev server): backend ${run.diagnostics?.backend}, start ${Math.round(run.initMs ?? 0)} ms, ` +
          `per photo ${run.photos?.map((photo) => Math.round(photo.ms)).join(', ')} ms`,
      );
    }, RUN_TIMEOUT_MS + 60 * FILE_BOUND_MS);

    test('the guard starts, with a backend', () => {
      expect(run.error, run.error?.message).toBeUndefined();
      expect(run.diagnostics?.backend).toMatch(/^(wasm|webgl|webgpu|cpu)$/);
    });

    test('every demo photo: a valid verdict with all the evidence, rated as Chromium rates it', () => {
      expect(run.photos?.length).toBe(demoPhotos.length);
      for (const { url, verdict } of run.photos ?? []) expectLikeChromium(verdict, url);
    });

    test('every hostile or unusual file gets its expected verdict or typed error, none hangs', async () => {
      const corpus = await buildCorpus();
      expect(run.files?.length).toBe(corpus.length);
      for (const entry of corpus) {
        const outcome = run.files!.find((file) => file.name === entry.name)!;
        expect(outcome.kind, `${entry.name} must not hang`).not.toBe('hang');
        if ('code' in entry.expected && ENGINE_DECODER_CALLS[engine]?.includes(entry.name) && outcome.kind === 'verdict') {
          expect(verdictSchemaErrors(outcome.verdict), entry.name).toBeNull();
        } else if ('code' in entry.expected) {
          expect(outcome, entry.name).toMatchObject({ kind: 'error', code: entry.expected.code, typed: true });
        } else {
          expect(outcome.kind, `${entry.name}: ${outcome.kind === 'error' ? outcome.message : ''}`).toBe('verdict');
          if (outcome.kind !== 'verdict') continue;
          expect(verdictSchemaErrors(outcome.verdict), entry.name).toBeNull();
          // Without WebCodecs' ImageDecoder (WebKit) only an animation's first frame is decoded, and the verdict
          // says so: all its frames counted, frame 0 alone analysed.
          const sampled = entry.expected.image.sampledFrames && !run.imageDecoder ? { sampledFrames: [0] } : {};
          expect(outcome.verdict.analysis.image, entry.name).toMatchObject({ ...entry.expected.image, ...sampled });
        }
      }
    });

    test('no request left the origin, and one that tries is seen', async () => {
      expect(await reportsSince(reportsBefore), 'requests the Content-Security-Policy blocked').toEqual([]);
      await session.evaluate(foreignRequests(FOREIGN));
      const expected = REPORTS_FROM_WORKERS.includes(engine) ? 2 : 1;
      const seen = async () => (await reportsSince(reportsBefore)).filter((report) => report.includes('192.0.2.1'));
      const deadline = Date.now() + 15_000;
      while ((await seen()).length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await seen()).length, 'reports of the page (and the worker) fetching another origin').toBeGreaterThanOrEqual(expected);
    });
  });

  for (const target of ['dev server', 'built site'] as const) {
    describe(`${target}: the demo's <image-guard> in its form`, () => {
      let reportsBefore: number;
      let origin: string;

      beforeAll(async () => {
        origin = target === 'dev server' ? inject('devOrigin') : inject('siteOrigin');
        reportsBefore = (await cspReports(inject('reportUrl'))).length;
        await session.goto(`${origin}/`);
        await waitFor(session, `Boolean(customElements.get('image-guard'))`, 'the demo page loading', 60_000);
        await session.evaluate(recordElementEvents);
      }, 120_000);

      test('the demo photos, picked in the form: valid verdicts, rated as Chromium rates them', async () => {
        await session.setFiles('#photos', demoPhotos.map((path) => resolve(path)));
        const events = await waitFor<ElementEvent[]>(session, eventsFrom(0, demoPhotos.length), 'six verdicts', RUN_TIMEOUT_MS);
        for (const event of events) {
          expect(event.type, `${event.name}: ${event.message}`).toBe('image-guard-verdict');
          expectLikeChromium(event.verdict!, event.name);
        }
        await session.evaluate(clearSubmitResult);
        await session.click('button[type=submit]');
        expect(await session.evaluate(formState)).toMatchObject({ submitted: 'Would upload 6 files.', valid: true });
      }, RUN_TIMEOUT_MS + 30_000);

      test('a file the policy blocks stops the submit', async () => {
        // Strict rejects the suggestive party photos; the element judges them again from the stored evidence.
        await session.evaluate(choosePolicy('strict'));
        await waitFor(session, `!document.querySelector('image-guard').checkValidity()`, 'the strict policy blocking', 30_000);
        await session.evaluate(clearSubmitResult);
        await session.click('button[type=submit]');
        const state = await session.evaluate<{ submitted: string; valid: boolean; message: string }>(formState);
        expect(state.submitted, 'the form was submitted').toBe('');
        expect(state.valid).toBe(false);
        expect(state.message.length).toBeGreaterThan(10);
        await session.evaluate(choosePolicy('balanced'));
      }, 60_000);

      test('hostile files picked in the form end in typed errors', async () => {
        const before = await session.evaluate<number>('window.__engines.events.length');
        const corpus = (await buildCorpus()).filter((entry) => ['svg-script', 'png-bomb-header', 'text-as-png'].includes(entry.name));
        const paths = corpus.map((entry) => {
          const path = join(files, `${target.replace(' ', '-')}-${entry.fileName}`);
          writeFileSync(path, entry.bytes);
          return path;
        });
        await session.setFiles('#photos', paths);
        const events = await waitFor<ElementEvent[]>(session, eventsFrom(before, paths.length), 'an event per file', 120_000);
        for (const entry of corpus) {
          const event = events.find((candidate) => candidate.name.endsWith(entry.fileName));
          expect(event?.code, entry.name).toBe('code' in entry.expected ? entry.expected.code : null);
        }
      }, 150_000);

      test('no request left the origin', async () => {
        expect(await reportsSince(reportsBefore), 'requests the Content-Security-Policy blocked').toEqual([]);
      });
    });
  }
}
