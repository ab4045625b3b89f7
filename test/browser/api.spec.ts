import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type { Verdict } from '../../src/index.js';
import type * as ImageGuardKit from '../../src/index.js';
import { recordForeignRequests } from '../support/foreign-requests.js';

// The core API with the real nsfwjs model, in real Chromium, on the face-api demo photos (clothed adults at
// parties: the case a naive NSFW policy gets wrong) and on images the tests draw.

declare global {
  interface Window {
    imageGuardKit: typeof ImageGuardKit;
    guard: ImageGuardKit.ImageGuard;
  }
}

const samplePath = (n: number) => `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`;
const sampleUrl = (n: number) => `/${samplePath(n)}`;
const expectValidVerdict = (verdict: unknown) => expect(verdictSchemaErrors(verdict)).toBeNull();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');


test.describe('createImageGuard + moderate', () => {
  let foreign: string[];

  test.beforeEach(async ({ page, baseURL }) => {
    foreign = recordForeignRequests(page, baseURL!);
    await page.goto('/test/browser/harness.html');
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.evaluate(async () => {
      window.guard = await window.imageGuardKit.createImageGuard();
    });
  });

  test.afterEach(() => {
    expect(foreign, 'requests that left the origin').toEqual([]);
  });

  test('every demo photo gets a schema-valid verdict whose hash is the SHA-256 of the file', async ({ page }) => {
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const verdict: Verdict = await page.evaluate((url) => window.guard.moderate(url), sampleUrl(n));
      expectValidVerdict(verdict);
      expect(verdict.hash).toBe(sha256(readFileSync(samplePath(n))));
      expect(verdict.meta).toBeNull();
      expect(verdict.analysis.image).toMatchObject({ format: 'jpeg', width: 1920, bytes: readFileSync(samplePath(n)).length });
      const scores = verdict.analysis.nsfw!.scores;
      const sum = scores.drawing + scores.hentai + scores.neutral + scores.porn + scores.sexy;
      expect(sum).toBeCloseTo(1, 2);
      expect(verdict.analysis.backend).toBe('wasm');
      expect(verdict.analysis.timings.totalMs).toBeGreaterThan(0);
      expect(verdict.description.length).toBeGreaterThan(20);
      // No text in these photos: texture read as letters must not reach the screening or the description.
      expect(verdict.analysis.text!.content, `sample${n}`).toBe('');
      expect(verdict.summary.language).toBe('und');
    }
  });

  test('clothed adults in party wear are neither rejected nor sent to review by default', async ({ page }) => {
    // nsfwjs scores these "sexy" 0.79-0.95; a smoothed downscale used to push two of them to "porn" 0.6.
    for (const n of [2, 3, 4, 5]) {
      const verdict: Verdict = await page.evaluate((url) => window.guard.moderate(url), sampleUrl(n));
      expect(verdict.suggestedActions, `sample${n}`).toEqual({ reject: false, review: false });
      expect(verdict.isSafe).toBe(true);
      expect(verdict.analysis.nsfw!.scores.sexy).toBeGreaterThan(0.7);
      expect(verdict.analysis.nsfw!.scores.porn).toBeLessThan(0.2);
      expect(verdict.summary.contentRating).toBe('PG-13');
    }
  });

  test('the strict policy blocks the same suggestive photo', async ({ page }) => {
    const verdict: Verdict = await page.evaluate(async (url) => {
      const strict = await window.imageGuardKit.createImageGuard({ policy: 'strict' });
      try {
        return await strict.moderate(url);
      } finally {
        strict.dispose();
      }
    }, sampleUrl(2));
    expectValidVerdict(verdict);
    expect(verdict.suggestedActions.reject).toBe(true);
    expect(verdict.analysis.policy.name).toBe('strict');
    expect(verdict.analysis.flags[0]).toMatchObject({ signal: 'suggestive', action: 'reject' });
  });

  test('a policy given per call applies to that call only, without a new guard', async ({ page }) => {
    const [strict, balanced, invalid] = await page.evaluate(async (url) => {
      const strictVerdict = await window.guard.moderate(url, { policy: 'strict' });
      const defaultVerdict = await window.guard.moderate(url);
      const error = await window.guard.moderate(url, { policy: 'lenient' as never }).catch((e: { code: string }) => e.code);
      return [strictVerdict, defaultVerdict, error] as const;
    }, sampleUrl(2));
    expect(strict.suggestedActions.reject).toBe(true);
    expect(strict.analysis.policy.name).toBe('strict');
    expect(balanced.suggestedActions.reject).toBe(false);
    expect(balanced.analysis.policy.name).toBe('balanced');
    expect(invalid).toBe('invalid_options');
  });

  test('every input form gives the same verdict and hash', async ({ page }) => {
    const expected = sha256(readFileSync(samplePath(1)));
    const results = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      const base64 = btoa(binary);
      const blob = new Blob([bytes], { type: 'image/jpeg' });
      const inputs: [string, ImageGuardKit.ModerationInput][] = [
        ['url', url],
        ['absolute url', new URL(url, location.href).href],
        ['file', new File([bytes], 'photo.jpg', { type: 'image/jpeg' })],
        ['blob', blob],
        ['arraybuffer', bytes.buffer.slice(0)],
        ['uint8array', bytes],
        ['data url', `data:image/jpeg;base64,${base64}`],
        ['base64', base64],
      ];
      const out: { kind: string; hash: string; neutral: number; inputStillUsable: boolean }[] = [];
      for (const [kind, input] of inputs) {
        const verdict = await window.guard.moderate(input, { meta: { kind } });
        out.push({
          kind: (verdict.meta as { kind: string }).kind,
          hash: verdict.hash,
          neutral: verdict.analysis.nsfw!.scores.neutral,
          // The caller's buffer must not be detached by the transfer to the worker.
          inputStillUsable: input instanceof Uint8Array ? input.byteLength === bytes.byteLength : true,
        });
      }
      return out;
    }, sampleUrl(1));
    expect(results.map((r) => r.kind)).toEqual(['url', 'absolute url', 'file', 'blob', 'arraybuffer', 'uint8array', 'data url', 'base64']);
    for (const result of results) {
      expect(result.hash, result.kind).toBe(expected);
      expect(result.neutral, result.kind).toBeCloseTo(results[0]!.neutral, 5);
      expect(result.inputStillUsable, result.kind).toBe(true);
    }
  });

  test('images the page draws: PNG with transparency, WebP, and meta/actorId echoed', async ({ page }) => {
    const verdicts: Verdict[] = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(300, 200);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#2a7';
      context.fillRect(20, 20, 120, 80);
      context.font = '40px sans-serif';
      context.fillText('Fresh bread', 20, 170);
      const png = await canvas.convertToBlob({ type: 'image/png' });
      const webp = await canvas.convertToBlob({ type: 'image/webp' });
      return Promise.all([
        window.guard.moderate(png, { meta: { upload: 7 }, actorId: 'user-42' }),
        window.guard.moderate(webp),
      ]);
    });
    for (const verdict of verdicts) expectValidVerdict(verdict);
    expect(verdicts[0]!.analysis.image).toMatchObject({ format: 'png', width: 300, height: 200 });
    expect(verdicts[0]!.meta).toEqual({ upload: 7 });
    expect(verdicts[0]!.analysis.actorId).toBe('user-42');
    expect(verdicts[1]!.analysis.image.format).toBe('webp');
    expect(verdicts[0]!.suggestedActions.reject).toBe(false);
  });

  test('bad input gets a typed error with a readable message, and the guard keeps working', async ({ page }) => {
    const outcomes = await page.evaluate(async () => {
      const text = new TextEncoder().encode('hello, I am not a picture at all');
      const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic')]);
      const brokenPng = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(64).fill(7)]);
      const cases: [string, ImageGuardKit.ModerationInput][] = [
        ['text named .png', new File([text], 'cat.png', { type: 'image/png' })],
        ['empty file', new File([], 'empty.jpg', { type: 'image/jpeg' })],
        ['svg', new Blob([svg])],
        ['heic', heic],
        ['broken png', brokenPng],
        ['missing url', '/no/such/image.jpg'],
        ['not an input', 42 as unknown as ImageGuardKit.ModerationInput],
      ];
      const out: { name: string; code?: string; message?: string; isGuardError?: boolean }[] = [];
      for (const [name, input] of cases) {
        try {
          await window.guard.moderate(input);
          out.push({ name });
        } catch (error) {
          const e = error as InstanceType<typeof window.imageGuardKit.ImageGuardError>;
          out.push({ name, code: e.code, message: e.message, isGuardError: e instanceof window.imageGuardKit.ImageGuardError });
        }
      }
      const after = await window.guard.moderate('/node_modules/@vladmandic/face-api/demo/sample1.jpg');
      return { out, stillWorks: after.summary.contentRating };
    });
    const byName = Object.fromEntries(outcomes.out.map((o) => [o.name, o]));
    expect(byName['text named .png']).toMatchObject({ code: 'unsupported_format', isGuardError: true });
    expect(byName['empty file']).toMatchObject({ code: 'empty_file' });
    expect(byName['svg']).toMatchObject({ code: 'unsupported_format' });
    expect(byName['svg']!.message).toContain('SVG');
    expect(byName['heic']).toMatchObject({ code: 'unsupported_format' });
    expect(byName['heic']!.message).toContain('JPEG');
    expect(byName['broken png']).toMatchObject({ code: 'decode_failed' });
    expect(byName['missing url']).toMatchObject({ code: 'fetch_failed' });
    expect(byName['missing url']!.message).toContain('404');
    expect(byName['not an input']).toMatchObject({ code: 'invalid_input' });
    for (const outcome of outcomes.out) expect(outcome.message!.length, outcome.name).toBeGreaterThan(15);
    expect(outcomes.stillWorks).toBe('G');
  });

  test('abort and dispose: typed errors, no hang, dispose is safe twice', async ({ page }) => {
    const result = await page.evaluate(async (url) => {
      const codeOf = (p: Promise<unknown>) =>
        p.then(() => 'resolved', (e: { code?: string }) => e.code ?? 'untyped');
      const controller = new AbortController();
      const first = window.guard.moderate(url);
      const queued = window.guard.moderate(url, { signal: controller.signal });
      controller.abort();
      const preAborted = window.guard.moderate(url, { signal: AbortSignal.abort() });
      const codes = { first: await codeOf(first), queued: await codeOf(queued), preAborted: await codeOf(preAborted) };
      const inFlight = window.guard.moderate(url);
      window.guard.dispose();
      window.guard.dispose();
      return {
        ...codes,
        inFlight: await codeOf(inFlight),
        afterDispose: await codeOf(window.guard.moderate(url)),
        disposed: window.guard.disposed,
      };
    }, sampleUrl(1));
    expect(result).toEqual({
      first: 'resolved',
      queued: 'aborted',
      preAborted: 'aborted',
      inFlight: 'disposed',
      afterDispose: 'disposed',
      disposed: true,
    });
  });
});

test('two guards on one page do not share state', async ({ page }) => {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const result = await page.evaluate(async (url) => {
    const { createImageGuard } = window.imageGuardKit;
    const [a, b] = await Promise.all([createImageGuard(), createImageGuard({ analyzers: { nsfw: false, faces: false, objects: false } })]);
    a.dispose();
    const fromB = await b.moderate(url);
    b.dispose();
    return { nsfw: fromB.analysis.nsfw, backend: fromB.analysis.backend, rating: fromB.summary.contentRating };
  }, sampleUrl(1));
  expect(result).toEqual({ nsfw: null, backend: null, rating: 'G' });
});

test('an invalid policy is refused when the guard is created', async ({ page }) => {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const code = await page.evaluate(() =>
    window.imageGuardKit
      .createImageGuard({ policy: { nsfw: { explicit: { review: 2 } } } })
      .then(() => 'created', (e: { code: string }) => e.code),
  );
  expect(code).toBe('invalid_options');
});

test('limits hold in the browser: a start past initTimeoutMs is a typed timeout, a URL past maxBytes is cut off', async ({ page }) => {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const result = await page.evaluate(async (url) => {
    const { createImageGuard } = window.imageGuardKit;
    const failure = (e: { code?: string; message?: string }) => ({ code: e.code ?? 'untyped', message: e.message ?? '' });
    const start = await createImageGuard({ initTimeoutMs: 50 }).then(() => null, failure);
    const guard = await createImageGuard({
      analyzers: { nsfw: false, faces: false, objects: false, text: false },
      limits: { maxBytes: 10_000 },
    });
    const tooBig = await guard.moderate(url).then(() => null, failure);
    guard.dispose();
    return { start, tooBig };
  }, sampleUrl(1));
  expect(result.start).toMatchObject({ code: 'timeout' });
  expect(result.start!.message).toContain('initTimeoutMs');
  expect(result.start!.message).toMatch(/(nsfw|faces|objects|text)[a-z, ]* (was|were) still loading/);
  expect(result.tooBig).toMatchObject({ code: 'file_too_large' });
  expect(result.tooBig!.message).toContain('its download was stopped');
});
