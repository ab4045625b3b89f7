import { defineConfig } from '@playwright/test';
import { availableParallelism } from 'node:os';
import { chromiumExecutable, chromiumArgs } from './scripts/chromium.mjs';

// Browser tests: the real models on real images in real Chromium, against the Vite dev server with our plugin.
const port = Number(process.env.IMAGE_GUARD_TEST_PORT ?? 5199);

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  // Each page runs its models on one wasm thread (no SharedArrayBuffer here), so two spec files at a time use both
  // cores of the 2-core CI machine; more would only make every check slower. IMAGE_GUARD_BROWSER_WORKERS overrides.
  workers: Number(process.env.IMAGE_GUARD_BROWSER_WORKERS ?? Math.min(2, availableParallelism())),
  // The tests of one file share its page set-up and run in order; files run side by side.
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/browser.json' }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs },
    trace: 'off',
  },
  projects: [
    // Both build dist/ in the repository (npm pack runs prepack), so they must never run at the same time.
    { name: 'packaged', testMatch: ['**/package.spec.ts', '**/widgets.spec.ts'], workers: 1 },
    { name: 'chromium', testIgnore: ['**/package.spec.ts', '**/widgets.spec.ts'] },
  ],
  webServer: {
    command: `npx vite --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/test/browser/harness.html`,
    env: { IMAGE_GUARD_NO_HMR: '1' },
    // Always a server of our own, with HMR off, so no edit made during a run reloads a page under test.
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
