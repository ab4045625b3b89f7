// What every bench starts with: the Vite dev server with our plugin (so the raw libraries and the library load the
// same served files), one headless Chromium, and pages opened on it. IMAGE_GUARD_BENCH_PORT fixes the port.
import { createServer } from 'vite';
import { chromium } from '@playwright/test';
import { chromiumExecutable, chromiumArgs } from '../scripts/chromium.mjs';

export async function startBench() {
  const port = Number(process.env.IMAGE_GUARD_BENCH_PORT ?? 0);
  const server = await createServer({ server: { port, host: '127.0.0.1', hmr: false }, logLevel: 'warn' });
  await server.listen();
  const origin = server.resolvedUrls.local[0].replace(/\/$/, '');
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs });
  return {
    origin,
    browser,
    /** A page that signals `document.body.dataset.ready` when set up (a raw-library page or the harness). */
    async open(path) {
      const page = await browser.newPage();
      await page.goto(`${origin}${path}`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
      return page;
    },
    /** The harness with `window.guard` made from `options`; also returns how long creating it took, in ms. */
    async library(options) {
      const page = await this.open('/test/browser/harness.html');
      const loadMs = await page.evaluate(async (guardOptions) => {
        const started = performance.now();
        window.guard = await window.imageGuardKit.createImageGuard(guardOptions);
        return performance.now() - started;
      }, options);
      return { page, loadMs };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
