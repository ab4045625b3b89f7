import { test, expect, type Page } from '@playwright/test';
import type { ImageGuardElement } from '../../src/element.js';

// <image-guard loading>: when the element's own guard starts loading its models. The start is seen as the first
// `image-guard-progress` of phase 'model-loading'; the page is closed after each test, which ends its worker, so no
// test waits for the models except the one that calls preload().

declare global {
  interface Window {
    loadingEvents: number;
  }
}

/** The element on the harness page under a spacer of `offsetPx` (below the fold when large), with its events counted. */
async function place(page: Page, loading: string | null, offsetPx = 0): Promise<void> {
  await page.goto('/test/browser/harness.html');
  await page.evaluate(
    async ({ mode, offset }) => {
      await import('/src/element.ts' as string);
      window.loadingEvents = 0;
      const spacer = document.createElement('div');
      spacer.style.height = `${offset}px`;
      const element = document.createElement('image-guard');
      if (mode !== null) element.setAttribute('loading', mode);
      element.addEventListener('image-guard-progress', ({ detail }) => {
        if (detail.phase === 'model-loading' && !('file' in detail)) window.loadingEvents++;
      });
      document.body.append(spacer, element);
    },
    { mode: loading, offset: offsetPx },
  );
}

const started = (page: Page) => page.waitForFunction(() => window.loadingEvents > 0);
/** Nothing has started after a second: long enough for a trigger that fired to have reported. */
async function notStarted(page: Page): Promise<void> {
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => window.loadingEvents)).toBe(0);
}

test('by default the models start loading when the element comes into view, not before', async ({ page }) => {
  await place(page, null, 4_000);
  await notStarted(page);
  await page.locator('image-guard').scrollIntoViewIfNeeded();
  await started(page);
});

test('loading="eager" starts at once, even out of view', async ({ page }) => {
  await place(page, 'eager', 4_000);
  await started(page);
});

test('loading="interaction" waits for a pointer or keyboard focus', async ({ page }) => {
  await place(page, 'interaction');
  await notStarted(page);
  await page.locator('image-guard [part=dropzone]').focus();
  await started(page);
});

test('loading="manual" waits for preload(), which resolves once the models are ready', async ({ page }) => {
  await place(page, 'manual');
  await notStarted(page);
  await page.locator('image-guard').hover();
  await notStarted(page);
  await page.evaluate(() => (document.querySelector('image-guard') as ImageGuardElement).preload());
  expect(await page.evaluate(() => window.loadingEvents)).toBeGreaterThan(0);
});
