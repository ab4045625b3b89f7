import { defineConfig } from 'vitest/config';

// The HTTP service (src/server): real models in child processes, a real redis-server. Slow (minutes), so out of
// the unit run; `npm test` runs it as a stage of its own. One file at a time: each starts its own servers.
export default defineConfig({
  test: {
    include: ['test/server/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
