import { defineConfig } from '@playwright/test';
import { chromiumExecutable, chromiumArgs } from './scripts/chromium.mjs';

// Browser tests: the real models on real images in real Chromium, against the Vite dev server with our plugin.
const port = Number(process.env.IMAGE_GUARD_TEST_PORT ?? 5199);

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  // Two cores and wasm inference: one worker keeps timings sane and the machine responsive.
  workers: 1,
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
  webServer: {
    command: `npx vite --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/test/browser/harness.html`,
    env: { IMAGE_GUARD_NO_HMR: '1' },
    // Always a server of our own, with HMR off, so no edit made during a run reloads a page under test.
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
