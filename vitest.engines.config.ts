import { defineConfig } from 'vitest/config';

// The cross-engine suite (test/engines): the library in Firefox and WebKit, against the dev server and the built
// site, compared with Chromium. One engine at a time: each runs real models on two cores.
export default defineConfig({
  test: {
    include: ['test/engines/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/engines/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
