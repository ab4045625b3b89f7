import { test, expect, type Page } from '@playwright/test';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type { Verdict } from '../../src/index.js';
import type * as ImageGuardKit from '../../src/index.js';
import { recordForeignRequests } from '../support/foreign-requests.js';

// Batch, the evidence cache in IndexedDB, deferred calls with status(), and callbackUrl: the core API on the real
// models in real Chromium. Each test gets a fresh browser context, hence an empty IndexedDB.

declare global {
  interface Window {
    imageGuardKit: typeof ImageGuardKit;
    guard: ImageGuardKit.ImageGuard;
  }
}

const sampleUrl = (n: number) => `/node_modules/@vladmandic/face-api/demo/sample${n}.jpg`;
const expectValidVerdict = (verdict: unknown) => expect(verdictSchemaErrors(verdict)).toBeNull();


async function openHarness(page: Page): Promise<void> {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
}

/** Errors lose their own fields on the way out of page.evaluate, so items come back as plain data. */
type PlainItem = { status: 'ok'; verdict: Verdict } | { status: 'error'; code: string; message: string; typed: boolean };

let foreign: string[];
test.beforeEach(async ({ page, baseURL }) => {
  foreign = recordForeignRequests(page, baseURL!);
});
test.afterEach(() => {
  expect(foreign, 'requests that left the origin').toEqual([]);
});

test('a batch: one item per input in order, bad files as typed items, progress per item, a repeat served from the cache', async ({
  page,
}) => {
  await openHarness(page);
  const { items, progress, invalid } = await page.evaluate(async (urls) => {
    const kit = window.imageGuardKit;
    const guard = await kit.createImageGuard();
    const progress: { index: number; done: number; total: number; status: string }[] = [];
    const batch = await guard.moderateBatch(
      [
        { input: urls[0]!, meta: { n: 0 } },
        new TextEncoder().encode('not an image at all, just text'),
        new Blob([]),
        urls[1]!,
        { input: urls[0]!, meta: { n: 4 }, actorId: 'user-4' },
      ],
      {
        concurrency: 2,
        meta: { batch: 'b-1' },
        actorId: 'user-0',
        onProgress: ({ index, done, total, status }) => progress.push({ index, done, total, status }),
      },
    );
    const invalid = await guard.moderateBatch([urls[0]!], { concurrency: 0 }).catch((error: { code: string }) => error.code);
    guard.dispose();
    const items = batch.map((item) =>
      item.status === 'ok'
        ? item
        : { status: item.status, code: item.error.code, message: item.error.message, typed: item.error instanceof kit.ImageGuardError },
    );
    return { items: items as PlainItem[], progress, invalid };
  }, [sampleUrl(1), sampleUrl(2)]);

  expect(items.map((item) => item.status)).toEqual(['ok', 'error', 'error', 'ok', 'ok']);
  expect(items[1]).toMatchObject({ code: 'unsupported_format', typed: true });
  expect(items[2]).toMatchObject({ code: 'empty_file', typed: true });
  const [first, , , second, repeat] = items.map((item) => (item.status === 'ok' ? item.verdict : null));
  for (const verdict of [first, second, repeat]) expectValidVerdict(verdict);
  // Per-entry meta and actorId win over the batch's; an entry without its own takes the batch's.
  expect(first!.meta).toEqual({ n: 0 });
  expect(first!.analysis.actorId).toBe('user-0');
  expect(second!.meta).toEqual({ batch: 'b-1' });
  expect(repeat!.meta).toEqual({ n: 4 });
  expect(repeat!.analysis.actorId).toBe('user-4');
  // The repeat starts only once the first is done (two lanes, the other held by sample2): its evidence is cached.
  expect(first!.analysis.cached).toBe(false);
  expect(second!.analysis.cached).toBe(false);
  expect(repeat!.analysis.cached).toBe(true);
  expect(repeat!.hash).toBe(first!.hash);
  expect(repeat!.analysis.nsfw).toEqual(first!.analysis.nsfw);
  // Served from the cache, not analysed again: only hashing and the cache read are timed.
  expect(Object.keys(repeat!.analysis.timings).sort()).toEqual(['cacheMs', 'hashMs', 'totalMs']);

  expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
  expect(progress.every((p) => p.total === 5)).toBe(true);
  expect(progress.map((p) => p.index).sort()).toEqual([0, 1, 2, 3, 4]);
  expect(Object.fromEntries(progress.map((p) => [p.index, p.status]))).toEqual({
    0: 'ok',
    1: 'error',
    2: 'error',
    3: 'ok',
    4: 'ok',
  });
  expect(invalid).toBe('invalid_options');
});

test('aborting a batch: finished items stay, the rest resolve as aborted, in order', async ({ page }) => {
  await openHarness(page);
  const { items, finished } = await page.evaluate(async (urls) => {
    const guard = await window.imageGuardKit.createImageGuard({ analyzers: { text: false } });
    const controller = new AbortController();
    let finished = -1;
    // Two items are read at once (the default concurrency), so either of the first two may reach the worker first.
    const batch = await guard.moderateBatch(urls, {
      signal: controller.signal,
      onProgress: ({ status, index }) => {
        if (status === 'ok' && finished < 0) {
          finished = index;
          controller.abort();
        }
      },
    });
    guard.dispose();
    return { items: batch.map((item) => (item.status === 'ok' ? 'ok' : item.error.code)), finished };
  }, [1, 2, 3, 4, 5].map(sampleUrl));
  expect([0, 1]).toContain(finished);
  expect(items).toEqual(items.map((_, index) => (index === finished ? 'ok' : 'aborted')));
});

test('the cache survives a reload, answers at once for any policy with the call’s own fields, and clears', async ({
  page,
}) => {
  await openHarness(page);
  const miss: Verdict = await page.evaluate(async (url) => {
    const guard = await window.imageGuardKit.createImageGuard();
    const verdict = await guard.moderate(url, { meta: { visit: 1 }, actorId: 'first' });
    guard.dispose();
    return verdict;
  }, sampleUrl(2));

  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const { hit, hitWallMs, cleared, uncached } = await page.evaluate(async (url) => {
    const guard = await window.imageGuardKit.createImageGuard();
    const started = performance.now();
    const hit = await guard.moderate(url, { meta: { visit: 2 }, actorId: 'second', policy: 'strict' });
    const hitWallMs = performance.now() - started;
    await guard.clearCache();
    const cleared = await guard.moderate(url);
    guard.dispose();
    const off = await window.imageGuardKit.createImageGuard({ cache: false, analyzers: { faces: false, text: false } });
    const uncached = [await off.moderate(url), await off.moderate(url)];
    off.dispose();
    return { hit, hitWallMs, cleared, uncached };
  }, sampleUrl(2));

  for (const verdict of [miss, hit, cleared, ...uncached]) expectValidVerdict(verdict);
  expect(miss.analysis.cached).toBe(false);
  expect(hit.analysis.cached).toBe(true);
  expect(hit.hash).toBe(miss.hash);
  expect(hit.analysis.nsfw).toEqual(miss.analysis.nsfw);
  expect(hit.analysis.faces).toEqual(miss.analysis.faces);
  // The call's own fields, and its own policy: the same evidence judged under 'strict' is rejected.
  expect(hit.meta).toEqual({ visit: 2 });
  expect(hit.analysis.actorId).toBe('second');
  expect(miss.suggestedActions.reject).toBe(false);
  expect(hit.suggestedActions.reject).toBe(true);
  expect(hit.analysis.policy.name).toBe('strict');
  // No analyzer ran for the hit: only hashing and the cache read are timed. (How much faster that is goes to the
  // log, not to an assertion: on a shared 2-core machine one IndexedDB read can take a second.)
  expect(Object.keys(hit.analysis.timings).sort()).toEqual(['cacheMs', 'hashMs', 'totalMs']);
  console.log(`cache: miss ${miss.analysis.timings.totalMs} ms, hit after reload ${hit.analysis.timings.totalMs} ms (wall ${hitWallMs.toFixed(1)} ms)`);
  expect(cleared.analysis.cached).toBe(false);
  expect(uncached.map((verdict) => verdict.analysis.cached)).toEqual([false, false]);
});

test('without IndexedDB (private mode, opaque origin) the guard runs uncached instead of failing', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await openHarness(page);
  const verdicts: Verdict[] = await page.evaluate(async (url) => {
    const guard = await window.imageGuardKit.createImageGuard({ analyzers: { faces: false, text: false } });
    const verdicts = [await guard.moderate(url), await guard.moderate(url)];
    await guard.clearCache();
    guard.dispose();
    return verdicts;
  }, sampleUrl(1));
  for (const verdict of verdicts) expectValidVerdict(verdict);
  expect(verdicts.map((verdict) => verdict.analysis.cached)).toEqual([false, false]);
  expect(verdicts[1]!.hash).toBe(verdicts[0]!.hash);
});

test('defer returns a task at once; status() follows it; callbackUrl receives the outcome, and a failing callback fails nothing', async ({
  page,
  baseURL,
}) => {
  const received: unknown[] = [];
  await page.route(`${baseURL}/moderation-callback`, async (route) => {
    received.push(route.request().postDataJSON());
    await route.fulfill({ status: 204 });
  });
  await page.route(`${baseURL}/callback-down`, (route) => route.fulfill({ status: 503 }));
  await openHarness(page);
  const result = await page.evaluate(async (url) => {
    const callbacks: ImageGuardKit.GuardProgress[] = [];
    const guard = await window.imageGuardKit.createImageGuard({
      onProgress: (progress) => {
        if (progress.phase === 'callback') callbacks.push(progress);
      },
    });
    const started = performance.now();
    const task = await guard.moderate(url, { defer: true, callbackUrl: '/moderation-callback', meta: { postId: 'p-1' } });
    const returnedMs = performance.now() - started;
    const settle = async (id: string, seen: string[] = []) => {
      for (;;) {
        const state = guard.status(id)!;
        if (seen.at(-1) !== state.status) seen.push(state.status);
        if (state.status === 'completed' || state.status === 'failed') return state;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const seen: string[] = [];
    const done = await settle(task.id, seen);
    const failed = await guard.moderate(new Uint8Array([1, 2, 3, 4]), { defer: true, callbackUrl: '/moderation-callback' });
    const failedState = await settle(failed.id);
    // Not deferred, and its callback server is down: the call still resolves with its verdict.
    const direct = await guard.moderate(url, { callbackUrl: '/callback-down' });
    const badUrl = await guard.moderate(url, { callbackUrl: 'javascript:alert(1)' }).catch((e: { code: string }) => e.code);
    while (callbacks.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    guard.dispose();
    return {
      task,
      returnedMs,
      seen,
      done,
      failed: failedState.status === 'failed' ? { code: failedState.error.code } : null,
      direct,
      badUrl,
      callbacks,
      unknown: guard.status('no-such-id') ?? null,
    };
  }, sampleUrl(1));

  expect(result.task).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'pending' });
  expect(result.returnedMs).toBeLessThan(100);
  expect(result.seen).toEqual(['pending', 'processing', 'completed']);
  expect(result.done.status).toBe('completed');
  const verdict = (result.done as { verdict: Verdict }).verdict;
  expectValidVerdict(verdict);
  expect(verdict.meta).toEqual({ postId: 'p-1' });
  expect(result.failed).toEqual({ code: 'unsupported_format' });
  expectValidVerdict(result.direct);
  expect(result.direct.analysis.cached).toBe(true);
  expect(result.badUrl).toBe('invalid_options');
  expect(result.unknown).toBeNull();

  // The callback server got both outcomes of the deferred calls, as JSON.
  expect(received).toHaveLength(2);
  const [completed, failure] = received as [{ id: string; status: string; verdict: Verdict }, { id: string; status: string; error: unknown }];
  expect(completed).toMatchObject({ id: result.task.id, status: 'completed' });
  expectValidVerdict(completed.verdict);
  expect(completed.verdict.hash).toBe(verdict.hash);
  expect(failure).toMatchObject({ status: 'failed', error: { code: 'unsupported_format', message: expect.any(String) } });
  expect(result.callbacks.map((c) => c.phase === 'callback' && [c.ok, c.status])).toEqual(
    expect.arrayContaining([
      [true, 204],
      [true, 204],
      [false, 503],
    ]),
  );
});
