import { test, expect, type Page } from '@playwright/test';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type * as ImageGuardKit from '../../src/index.js';
import type * as TestImages from '../support/test-images.js';

// The runtime in real Chromium: the backend probe and its choice, WebGL context loss, model-file progress and the
// Cache Storage copy, and no tfjs memory growing over 100 images.

declare global {
  interface Window {
    imageGuardKit: typeof ImageGuardKit;
  }
}

const IMAGES = '/test/support/test-images.ts';

async function openHarness(page: Page, origin: string): Promise<string[]> {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return foreign;
}

test('auto probes the device, and the verdict names the backend the probe chose', async ({ page, baseURL }) => {
  const foreign = await openHarness(page, baseURL!);
  const { diagnostics, backend, valid } = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    const guard = await window.imageGuardKit.createImageGuard({ analyzers: { faces: false, text: false } });
    try {
      const verdict = await guard.moderate(samplePhotoUrl(1));
      return { diagnostics: await guard.diagnostics(), backend: verdict.analysis.backend, valid: verdict };
    } finally {
      guard.dispose();
    }
  }, IMAGES);
  expect(verdictSchemaErrors(valid)).toBeNull();
  test.info().annotations.push({ type: 'device', description: JSON.stringify(diagnostics.device) });
  const device = diagnostics.device!;
  expect(device.wasm).toBe(true);
  // Whatever this machine has, the order follows the facts, and the first backend that starts is the one used.
  if (device.webgl === 'gpu') expect(diagnostics.backendOrder[0]).toBe('webgl');
  else expect(diagnostics.backendOrder[0]).toBe('wasm');
  expect(diagnostics.backendOrder.at(-1)).toBe('cpu');
  expect(diagnostics.backend).toBe(diagnostics.backendOrder[0]);
  expect(backend).toBe(diagnostics.backend);
  expect(foreign).toEqual([]);
});

test('backend: webgl is honoured, and a lost WebGL context moves the models to the next backend', async ({ page, baseURL }) => {
  await openHarness(page, baseURL!);
  const before = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    (window as unknown as { webglGuard: ImageGuardKit.ImageGuard }).webglGuard = await window.imageGuardKit.createImageGuard({
      backend: 'webgl',
      analyzers: { faces: false, text: false },
      // The same photo twice: from the evidence cache, the second check would run no model at all.
      cache: false,
    });
    const verdict = await (window as unknown as { webglGuard: ImageGuardKit.ImageGuard }).webglGuard.moderate(samplePhotoUrl(2));
    return verdict.analysis;
  }, IMAGES);
  expect(before.backend).toBe('webgl');
  // Lose the context tfjs renders with, from inside the analysis worker, as a GPU reset would.
  const worker = page.workers().find((candidate) => candidate.url().includes('runtime/worker'));
  expect(worker).toBeDefined();
  await worker!.evaluate(() => {
    const engine = (globalThis as unknown as { _tfengine: { backend: { gpgpu: { gl: WebGL2RenderingContext } } } })._tfengine;
    engine.backend.gpgpu.gl.getExtension('WEBGL_lose_context')!.loseContext();
  });
  const after = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    const guard = (window as unknown as { webglGuard: ImageGuardKit.ImageGuard }).webglGuard;
    try {
      const verdict = await guard.moderate(samplePhotoUrl(2));
      return { analysis: verdict.analysis, diagnostics: await guard.diagnostics(), verdict };
    } finally {
      guard.dispose();
    }
  }, IMAGES);
  expect(verdictSchemaErrors(after.verdict)).toBeNull();
  expect(after.analysis.backend).toBe('wasm');
  expect(after.diagnostics.backendOrder).not.toContain('webgl');
  expect(after.analysis.errors).toEqual([]);
  // Same model, same image: the scores barely move between backends.
  expect(Math.abs(after.analysis.nsfw!.scores.sexy - before.nsfw!.scores.sexy)).toBeLessThan(0.05);
});

test('model files report their bytes while loading, and a second guard reads them from Cache Storage', async ({ page, baseURL }) => {
  await openHarness(page, baseURL!);
  const runs = await page.evaluate(async () => {
    for (const key of await caches.keys()) await caches.delete(key);
    type Progress = ImageGuardKit.GuardProgress;
    const load = async () => {
      const events: Progress[] = [];
      const guard = await window.imageGuardKit.createImageGuard({ analyzers: { text: false }, onProgress: (event) => events.push(event) });
      guard.dispose();
      return events.filter((event): event is Extract<Progress, { file: string }> => 'file' in event);
    };
    const first = await load();
    const second = await load();
    return { first, second, caches: await caches.keys() };
  });
  const done = (events: typeof runs.first) =>
    Object.values(Object.fromEntries(events.map((event) => [event.file, event]))).filter(
      (event) => event.totalBytes !== null && event.loadedBytes === event.totalBytes,
    );
  const firstFiles = done(runs.first);
  // nsfwjs' weights, face-api's three models (manifest + weights each), CenterNet's, tfjs' wasm binary.
  expect(new Set(firstFiles.map((event) => event.model))).toEqual(new Set(['backend', 'faces', 'nsfw', 'objects']));
  // The largest file (SSD's weights, served gzipped: runtime/packed.ts), so it arrives in several network chunks.
  const shard = firstFiles.find((event) => event.file === 'face-api/ssd_mobilenetv1_model.bin')!;
  expect(shard.totalBytes).toBeGreaterThan(3_000_000);
  expect(shard.fromCache).toBe(false);
  // Progress arrives in steps, not only at the end.
  expect(runs.first.filter((event) => event.file === shard.file).length).toBeGreaterThan(2);
  expect(runs.caches.some((name) => name.startsWith('image-guard-kit-'))).toBe(true);
  const secondFiles = done(runs.second);
  expect(secondFiles.map((event) => event.file).sort()).toEqual(firstFiles.map((event) => event.file).sort());
  expect(secondFiles.every((event) => event.fromCache)).toBe(true);
});

test('no leak: tfjs memory after 30 images equals that after the first', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  await openHarness(page, baseURL!);
  const memory = await page.evaluate(async ({ imagesUrl, total }) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    // tfjs memory is what the NSFW and face models hold; OCR runs in tesseract's own wasm, outside tfjs.
    const guard = await window.imageGuardKit.createImageGuard({ analyzers: { text: false } });
    const small = async (n: number) => {
      // Small images of varied sizes, colours, formats and transparency, so they are fast.
      const canvas = new OffscreenCanvas(40 + ((n * 7) % 60), 30 + ((n * 13) % 70));
      const context = canvas.getContext('2d')!;
      context.fillStyle = `hsla(${(n * 37) % 360}, 70%, 50%, ${n % 3 === 0 ? 0.5 : 1})`;
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.fillStyle = '#fff';
      context.fillRect(canvas.width / 4, canvas.height / 4, canvas.width / 2, canvas.height / 3);
      return canvas.convertToBlob({ type: n % 2 ? 'image/png' : 'image/jpeg' });
    };
    // A tensor left behind by any image shows as growth; the photos come last so their code paths run after the smalls.
    const inputs = (n: number): Promise<Blob | string> | string => (n === 1 || n >= total - 3 ? samplePhotoUrl(((n - 1) % 6) + 1) : small(n));
    let afterFirst = null;
    let faces = 0;
    for (let n = 1; n <= total; n++) {
      const verdict = await guard.moderate(await inputs(n));
      faces += verdict.analysis.faces!.count;
      if (n === 1) afterFirst = (await guard.diagnostics()).tfMemory;
    }
    const last = await guard.diagnostics();
    guard.dispose();
    return { afterFirst: afterFirst!, afterLast: last.tfMemory, faces, backend: last.backend, memory: last.memory };
  }, { imagesUrl: IMAGES, total: 30 });
  // The photos had people in them: the age and gender path ran too.
  expect(memory.faces).toBeGreaterThan(5);
  expect(memory.afterLast).toEqual(memory.afterFirst);
  // The wasm heap holds the weights (over 10 MB) and never shrinks, so it is reported as it is.
  if (memory.backend === 'wasm') expect(memory.memory.wasmHeapBytes).toBeGreaterThan(10_000_000);
});
