import { test, expect, type Page } from '@playwright/test';
import type { ImageGuardElement } from '../../src/element.js';
import type { ImageGuard, PolicyInput } from '../../src/index.js';
import type { Evidence } from '../../src/verdict/types.js';

// <image-guard>'s controllers in real Chromium, with the `guard` property set to a page guard whose checks this
// test settles by hand: that is how a check can be made to finish after it was aborted (as a worker that goes on
// analysing does), which the real models cannot be timed to do. The verdicts are real ones, built by the verdict
// code from fixed evidence under the policy each call was given. No model runs.

interface FakeCall {
  name: string;
  policy: unknown;
  aborted: boolean;
  settle(): void;
}

declare global {
  interface Window {
    calls: FakeCall[];
    disposed: number;
    events: string[];
  }
}

const evidence: Evidence = {
  hash: 'ab'.repeat(32),
  image: { width: 1280, height: 1920, format: 'jpeg', mimeType: 'image/jpeg', bytes: 312_000, frames: 1, sampledFrames: [0], truncated: false },
  nsfw: { scores: { drawing: 0.01, hentai: 0.01, neutral: 0.9, porn: 0.03, sexy: 0.05 }, model: 'nsfwjs/mobilenet_v2', frame: 0 },
  faces: null,
  text: null,
  metadata: { gps: null, camera: null },
  errors: [],
  timings: { totalMs: 1 },
  backend: 'wasm',
};
const rejectEverything: PolicyInput = { nsfw: { explicit: { review: 0, reject: 0 } } };
const picture = (name: string) => ({ name, mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) });

/** A form with an <image-guard> (its own input, or `inner` slotted) that checks with the hand-settled guard. */
async function setUp(page: Page, attributes: string, inner = ''): Promise<void> {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.evaluate(
    async ({ attributes, inner, evidence }) => {
      const [elementModule, verdictModule, policyModule] = ['/src/element.ts', '/src/verdict/build.ts', '/src/policy/index.ts'];
      await import(elementModule);
      const { buildVerdict } = (await import(verdictModule)) as typeof import('../../src/verdict/build.js');
      const { resolvePolicy } = (await import(policyModule)) as typeof import('../../src/policy/index.js');
      window.calls = [];
      window.disposed = 0;
      window.events = [];
      const guard = {
        moderate: (file: File, options: { signal: AbortSignal; policy?: PolicyInput }) =>
          new Promise((resolve) => {
            // Like a worker that goes on analysing: the abort is noted, and the verdict still comes when settled.
            const call: FakeCall = {
              name: file.name,
              policy: options.policy ?? null,
              aborted: options.signal.aborted,
              settle: () => resolve(buildVerdict(evidence, resolvePolicy(options.policy), {})),
            };
            options.signal.addEventListener('abort', () => (call.aborted = true));
            window.calls.push(call);
          }),
        dispose: () => {
          window.disposed++;
        },
      };
      document.body.insertAdjacentHTML(
        'beforeend',
        `<form id="form"><image-guard ${attributes}>${inner}</image-guard><button type="reset" id="reset">Reset</button></form>`,
      );
      const element = document.querySelector('image-guard')!;
      element.guard = guard as unknown as ImageGuard;
      element.addEventListener('image-guard-verdict', ({ detail }) => window.events.push(`verdict ${detail.file.name}`));
      element.addEventListener('image-guard-error', ({ detail }) => window.events.push(`error ${detail.file.name}`));
    },
    { attributes, inner, evidence },
  );
}

const element = (page: Page) => page.locator('image-guard');
const items = (page: Page) => page.locator('image-guard [part~="item"]');
const status = (page: Page, name: string) => items(page).filter({ hasText: name }).locator('[part~="status"]');
const calls = (page: Page) => page.evaluate(() => window.calls.map(({ name, policy, aborted }) => ({ name, policy, aborted })));
const settle = (page: Page, index: number) => page.evaluate((index) => window.calls[index]!.settle(), index);
const events = (page: Page) => page.evaluate(() => window.events);
const validation = (page: Page) => element(page).evaluate((el: ImageGuardElement) => el.validationMessage);
const states = (page: Page) => element(page).evaluate((el: ImageGuardElement) => el.verdicts.map((entry) => `${entry.file.name} ${entry.state}`));
const callCount = (page: Page, count: number) => page.waitForFunction((count) => window.calls.length === count, count);

test('removing a file while it is checked aborts its check, and the late verdict changes nothing', async ({ page }) => {
  await setUp(page, 'name="photo" multiple');
  await page.locator('image-guard input[type=file]').setInputFiles([picture('a.jpg'), picture('b.jpg')]);
  await callCount(page, 2);
  await page.getByRole('button', { name: 'Remove a.jpg' }).click();
  expect(await calls(page)).toEqual([
    { name: 'a.jpg', policy: null, aborted: true },
    { name: 'b.jpg', policy: null, aborted: false },
  ]);

  await settle(page, 0);
  await settle(page, 1);
  await expect(status(page, 'b.jpg')).toHaveText('Passed');
  await expect(items(page)).toHaveCount(1);
  expect(await states(page)).toEqual(['b.jpg passed']);
  expect(await events(page)).toEqual(['verdict b.jpg']);
  expect(await validation(page)).toBe('');
});

test('a policy change during a check checks again under the new policy; the first check’s late verdict is ignored', async ({ page }) => {
  await setUp(page, 'name="photo"');
  await page.locator('image-guard input[type=file]').setInputFiles([picture('a.jpg')]);
  await callCount(page, 1);
  await element(page).evaluate((el: ImageGuardElement, policy) => (el.policy = policy), rejectEverything);
  await callCount(page, 2);
  expect(await calls(page)).toEqual([
    { name: 'a.jpg', policy: null, aborted: true },
    { name: 'a.jpg', policy: rejectEverything, aborted: false },
  ]);

  // The aborted check finishes first, with a verdict that would pass: the file is still being checked.
  await settle(page, 0);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  await expect(status(page, 'a.jpg')).toHaveText('Checking…');
  expect(await validation(page)).toBe('“a.jpg” is still being checked.');
  expect(await events(page)).toEqual([]);

  await settle(page, 1);
  await expect(status(page, 'a.jpg')).toHaveText('Blocked');
  expect(await events(page)).toEqual(['verdict a.jpg']);
  expect(await validation(page)).toMatch(/^“a\.jpg” can’t be uploaded: /);
});

test('moving the element aborts its checks and checks again where it lands; the page’s guard is never disposed', async ({ page }) => {
  await setUp(page, 'name="photo"');
  await page.locator('image-guard input[type=file]').setInputFiles([picture('a.jpg')]);
  await callCount(page, 1);
  const before = await page.locator('image-guard [part~="preview"]').getAttribute('src');
  await page.evaluate(() => document.body.append(document.querySelector('image-guard')!));
  await callCount(page, 2);
  expect((await calls(page)).map((call) => call.aborted)).toEqual([true, false]);
  // The preview's object URL was revoked on the way out and made again on the way in.
  const after = await page.locator('image-guard [part~="preview"]').getAttribute('src');
  expect(after).toMatch(/^blob:/);
  expect(after).not.toBe(before);
  expect(await page.evaluate((url) => fetch(url!).then(() => 'readable', () => 'revoked'), before)).toBe('revoked');

  await settle(page, 0);
  await settle(page, 1);
  await expect(status(page, 'a.jpg')).toHaveText('Passed');
  expect(await events(page)).toEqual(['verdict a.jpg']);
  await page.evaluate(() => document.querySelector('image-guard')!.remove());
  expect(await page.evaluate(() => window.disposed)).toBe(0);
});

test('with a slotted input, the list follows the input through a form reset', async ({ page }) => {
  await setUp(page, '', '<input type="file" name="photo" multiple>');
  const input = page.locator('image-guard input[type=file]');
  await input.setInputFiles([picture('a.jpg'), picture('b.jpg')]);
  await callCount(page, 2);
  expect(await input.evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('“a.jpg” is still being checked.');
  await settle(page, 0);
  await settle(page, 1);
  await expect(status(page, 'b.jpg')).toHaveText('Passed');

  await page.click('#reset');
  await expect(items(page)).toHaveCount(0);
  expect(await input.evaluate((el: HTMLInputElement) => el.files?.length)).toBe(0);
  expect(await input.evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('');
  expect(await validation(page)).toBe('');
});

test('dragged files highlight the drop zone until they leave; a disabled element takes no drop and no paste', async ({ page }) => {
  await setUp(page, 'name="photo"');
  const dropzone = page.locator('image-guard [part~="dropzone"]');
  const dragEnter = (withFiles: boolean) =>
    dropzone.evaluate((zone, withFiles) => {
      const transfer = new DataTransfer();
      if (withFiles) transfer.items.add(new File([new Uint8Array([0xff, 0xd8])], 'dragged.jpg', { type: 'image/jpeg' }));
      else transfer.setData('text/plain', 'just words');
      zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
    }, withFiles);
  // Dragged text is not for the drop zone.
  await dragEnter(false);
  await expect(dropzone).not.toHaveClass(/dragging/);
  await dragEnter(true);
  await expect(dropzone).toHaveClass(/dragging/);
  await dropzone.evaluate((zone) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array([0xff, 0xd8])], 'dragged.jpg', { type: 'image/jpeg' }));
    zone.dispatchEvent(new DragEvent('dragleave', { dataTransfer: transfer, bubbles: true, composed: true }));
  });
  await expect(dropzone).not.toHaveClass(/dragging/);

  await element(page).evaluate((el: ImageGuardElement) => (el.disabled = true));
  await element(page).evaluate((el: ImageGuardElement) => {
    const files = () => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([0xff, 0xd8])], 'refused.jpg', { type: 'image/jpeg' }));
      return transfer;
    };
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: files(), bubbles: true, composed: true, cancelable: true }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: files(), bubbles: true, cancelable: true }));
  });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  await expect(items(page)).toHaveCount(0);
  expect(await calls(page)).toEqual([]);

  // Enabled again, the same paste is checked.
  await element(page).evaluate(async (el: ImageGuardElement) => {
    el.disabled = false;
    // The browser re-enables a form control when the attribute goes, which is at the element's next update.
    await el.updateComplete;
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array([0xff, 0xd8])], 'pasted.jpg', { type: 'image/jpeg' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
  await callCount(page, 1);
  await settle(page, 0);
  await expect(status(page, 'pasted.jpg')).toHaveText('Passed');
});
