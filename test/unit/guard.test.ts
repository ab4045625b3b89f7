/**
 * The guard's queue, aborts, time limits and worker replacement, against a fake worker (test/unit/fake-worker.ts):
 * no model, no browser. Every test checks what the worker saw, not only what the caller got: "one analysis at a
 * time" is `maxRunning === 1` across every worker the guard started.
 */
import { describe, expect, it } from 'vitest';
import { createGuardWith } from '../../src/guard/guard.js';
import type { ImageGuard } from '../../src/options.js';
import { resolveAnalyzers } from '../../src/config/resolve.js';
import { FakeWorkers, MemoryStore, image, seams, settle, settings } from './fake-worker.js';

async function guardOn(workers: FakeWorkers, store: MemoryStore | null = null, overrides = {}): Promise<ImageGuard> {
  return createGuardWith(seams(workers, store), settings(overrides));
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code ?? 'untyped',
  );

/** The hash the fake gives image `marker`'s evidence. */
const hashOf = (marker: number) => marker.toString(16).padStart(2, '0').repeat(32);

describe('the analysis queue', () => {
  it('runs analyses one at a time, in the order they were asked for', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const calls = [1, 2, 3].map((marker) => guard.moderate(image(marker)));
    for (let i = 0; i < 3; i++) {
      const analysis = await workers.nextAnalysis();
      await settle();
      // While one runs, none of the others was sent.
      expect(workers.sent).toHaveLength(i + 1);
      analysis.answer();
    }
    const verdicts = await Promise.all(calls);
    expect(workers.sent.map((analysis) => analysis.marker)).toEqual([1, 2, 3]);
    expect(verdicts.map((verdict) => verdict.hash)).toEqual([hashOf(1), hashOf(2), hashOf(3)]);
    expect(workers.maxRunning).toBe(1);
    expect(workers.workers).toHaveLength(1);
  });
});

describe('per-call options', () => {
  it('refuses a misspelt or mistyped option of moderate() and moderateBatch(), naming it, before anything runs', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const messageOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
      );
    const wrong = (options: unknown) => messageOf(guard.moderate(image(1), options as never));
    expect(await wrong({ actorID: 'u1' })).toMatch(/^invalid_options: actorID is not an option; moderate\(\)'s options are meta, actorId,/);
    expect(await wrong({ deffer: true })).toMatch(/^invalid_options: deffer is not an option/);
    expect(await wrong({ concurrency: 2 })).toMatch(/^invalid_options: concurrency is not an option/);
    expect(await wrong(null)).toBe("invalid_options: moderate()'s options must be an object, got null");
    expect(await wrong({ actorId: 7 })).toBe('invalid_options: actorId must be a string, got 7');
    expect(await wrong({ signal: 'stop' })).toBe('invalid_options: signal must be an AbortSignal, got "stop"');
    expect(await wrong({ defer: 'yes' })).toBe('invalid_options: defer must be true or false, got "yes"');
    const batch = (options: unknown) => messageOf(guard.moderateBatch([image(1)], options as never));
    expect(await batch({ defer: true })).toMatch(/^invalid_options: defer is not an option; moderateBatch\(\)'s options are/);
    expect(await batch({ onProgress: 'log' })).toBe('invalid_options: onProgress must be a function, got "log"');
    expect(workers.sent).toHaveLength(0);
    // The options as documented still pass.
    const controller = new AbortController();
    const verdict = guard.moderate(image(2), { actorId: 'u1', meta: { n: 1 }, signal: controller.signal, defer: false });
    (await workers.nextAnalysis()).answer();
    expect((await verdict).analysis.actorId).toBe('u1');
  });
});

describe('abort', () => {
  it('a call aborted while it waits never reaches the worker', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const first = guard.moderate(image(1));
    const controller = new AbortController();
    const queued = guard.moderate(image(2), { signal: controller.signal });
    const preAborted = guard.moderate(image(3), { signal: AbortSignal.abort() });
    const running = await workers.nextAnalysis();
    controller.abort();
    expect(await codeOf(queued)).toBe('aborted');
    expect(await codeOf(preAborted)).toBe('aborted');
    running.answer();
    await first;
    const after = guard.moderate(image(4));
    (await workers.nextAnalysis()).answer();
    await after;
    expect(workers.sent.map((analysis) => analysis.marker)).toEqual([1, 4]);
  });

  it('a call aborted during its analysis rejects at once, but the next waits until the worker answered it', async () => {
    const workers = new FakeWorkers();
    const store = new MemoryStore();
    const guard = await guardOn(workers, store);
    const controller = new AbortController();
    const aborted = guard.moderate(image(1), { signal: controller.signal });
    const first = await workers.nextAnalysis();
    controller.abort();
    // Rejected while the worker is still analysing it.
    expect(await codeOf(aborted)).toBe('aborted');
    const next = guard.moderate(image(2));
    await settle();
    expect(workers.sent.map((analysis) => analysis.marker)).toEqual([1]);
    first.answer();
    const second = await workers.nextAnalysis();
    expect(second.marker).toBe(2);
    second.answer();
    expect((await next).hash).toBe(hashOf(2));
    expect(workers.maxRunning).toBe(1);
    // The aborted image's evidence was thrown away, not cached; the worker was kept.
    expect(store.stored.map((evidence) => evidence.hash)).toEqual([hashOf(2)]);
    expect(workers.workers).toHaveLength(1);
  });

  it('an abort that arrives with the answer wins: the evidence is neither returned nor cached', async () => {
    const workers = new FakeWorkers();
    const store = new MemoryStore();
    const guard = await guardOn(workers, store);
    const controller = new AbortController();
    const call = guard.moderate(image(1), { signal: controller.signal });
    const analysis = await workers.nextAnalysis();
    analysis.answer();
    controller.abort();
    expect(await codeOf(call)).toBe('aborted');
    const next = guard.moderate(image(2));
    (await workers.nextAnalysis()).answer();
    await next;
    expect(store.stored.map((evidence) => evidence.hash)).toEqual([hashOf(2)]);
    expect(workers.maxRunning).toBe(1);
  });

  it('an abort a few ticks after the answer: the call either resolves and caches, or rejects and caches nothing', async () => {
    const outcomes = new Set<string>();
    for (let ticks = 0; ticks < 12; ticks++) {
      const workers = new FakeWorkers();
      const store = new MemoryStore();
      const guard = await guardOn(workers, store);
      const controller = new AbortController();
      const call = guard.moderate(image(1), { signal: controller.signal });
      (await workers.nextAnalysis()).answer();
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      controller.abort();
      const outcome = await codeOf(call);
      outcomes.add(outcome);
      expect(outcome === 'resolved' ? [hashOf(1)] : [], `abort after ${ticks} ticks: ${outcome}`).toEqual(
        store.stored.map((evidence) => evidence.hash),
      );
      const next = guard.moderate(image(2));
      (await workers.nextAnalysis()).answer();
      expect((await next).hash).toBe(hashOf(2));
      expect(workers.maxRunning).toBe(1);
      guard.dispose();
    }
    // The sweep crossed the moment the answer was taken: both outcomes occurred.
    expect([...outcomes].sort()).toEqual(['aborted', 'resolved']);
  });
});

describe('time limits and worker death', () => {
  it('a call past its timeoutMs ends its worker, and the next call runs on a fresh one', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const slow = guard.moderate(image(1), { timeoutMs: 20 });
    const next = guard.moderate(image(2));
    await workers.nextAnalysis();
    const error = await slow.catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringContaining('timeoutMs') });
    expect(workers.workers[0]!.terminated).toBe(true);
    const second = await workers.nextAnalysis();
    expect(second.worker).toBe(workers.workers[1]);
    second.answer();
    expect((await next).hash).toBe(hashOf(2));
    expect(workers.maxRunning).toBe(1);
  });

  it('a worker that dies fails the call it was running; the calls behind it get a fresh worker', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const running = guard.moderate(image(1));
    const queued = guard.moderate(image(2));
    const first = await workers.nextAnalysis();
    first.worker.die();
    expect(await running.catch((error: Error) => error)).toMatchObject({ code: 'analysis_failed', message: expect.stringContaining('out of memory') });
    const second = await workers.nextAnalysis();
    expect(second.worker).toBe(workers.workers[1]);
    second.answer();
    expect((await queued).hash).toBe(hashOf(2));
  });

  it('a worker that dies while idle is replaced before the next call uses it', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    workers.workers[0]!.die();
    const call = guard.moderate(image(1));
    const analysis = await workers.nextAnalysis();
    expect(analysis.worker).toBe(workers.workers[1]);
    analysis.answer();
    expect((await call).hash).toBe(hashOf(1));
  });

  it('a start that stalls rejects with a timeout that says what was still loading, and ends the worker', async () => {
    const workers = new FakeWorkers();
    workers.init = 'stall';
    workers.initSettled = ['nsfw'];
    workers.initFiles = [
      { file: 'nsfwjs/mobilenet_v2/model.json', loadedBytes: 4_000, totalBytes: 4_000, fromCache: false },
      { file: 'nsfwjs/mobilenet_v2/group1-shard1of1.bin', loadedBytes: 1_200_000, totalBytes: 2_600_000, fromCache: false },
    ];
    const config = { ...settings().config, analyzers: resolveAnalyzers({ text: false, objects: false, quality: false }) };
    const error = await guardOn(workers, null, { initTimeoutMs: 20, config }).catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toContain('initTimeoutMs');
    // nsfw had loaded; faces had not.
    expect((error as Error).message).toContain('faces was still loading');
    expect((error as Error).message).not.toContain('nsfw was');
    expect((error as Error).message).toContain('still downloading nsfwjs/mobilenet_v2/group1-shard1of1.bin (1.2 MB of 2.6 MB)');
    expect(workers.workers[0]!.terminated).toBe(true);
  });

  it('diagnostics() that gets no answer times out and the worker is replaced', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers, null, { diagnosticsTimeoutMs: 20 });
    workers.diagnostics = 'stall';
    expect(await guard.diagnostics().catch((error: Error) => error)).toMatchObject({ code: 'timeout', message: expect.stringContaining('diagnostics()') });
    expect(workers.workers[0]!.terminated).toBe(true);
    workers.diagnostics = 'answer';
    expect((await guard.diagnostics()).backend).toBe('fake');
    expect(workers.workers).toHaveLength(2);
  });

  it('diagnostics() waits for the analysis ahead of it', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const call = guard.moderate(image(1));
    const analysis = await workers.nextAnalysis();
    let answered = false;
    const diagnostics = guard.diagnostics().then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    analysis.answer();
    await Promise.all([call, diagnostics]);
    expect(answered).toBe(true);
  });
});

describe('dispose', () => {
  it('fails the call in flight and the queued ones with "disposed", ends the worker, and refuses later calls', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const running = guard.moderate(image(1));
    const queued = guard.moderate(image(2));
    await workers.nextAnalysis();
    guard.dispose();
    guard.dispose();
    expect(await codeOf(running)).toBe('disposed');
    expect(await codeOf(queued)).toBe('disposed');
    expect(await codeOf(guard.moderate(image(3)))).toBe('disposed');
    expect(await codeOf(guard.diagnostics())).toBe('disposed');
    expect(workers.workers[0]!.terminated).toBe(true);
    // Nothing started a worker after dispose.
    expect(workers.workers).toHaveLength(1);
    expect(workers.sent).toHaveLength(1);
  });
});

describe('batches', () => {
  it('one failing image is its item; the others are verdicts, in input order', async () => {
    const workers = new FakeWorkers();
    const guard = await guardOn(workers);
    const batch = guard.moderateBatch([image(1), image(2), image(3)], { concurrency: 3 });
    for (let i = 0; i < 3; i++) {
      const analysis = await workers.nextAnalysis();
      if (analysis.marker === 2) analysis.fail('decode_failed', 'That image could not be decoded.');
      else analysis.answer();
    }
    const items = await batch;
    expect(items.map((item) => item.status)).toEqual(['ok', 'error', 'ok']);
    expect(items[1]).toMatchObject({ status: 'error', error: { code: 'decode_failed' } });
    expect(items[0]).toMatchObject({ verdict: { hash: hashOf(1) } });
    expect(items[2]).toMatchObject({ verdict: { hash: hashOf(3) } });
    expect(workers.maxRunning).toBe(1);
  });
});
