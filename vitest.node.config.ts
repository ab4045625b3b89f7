import { defineConfig } from 'vitest/config';

// The hostile Node suite (test/node): the compiled CLI fed the hostile corpus and the server attacks in one batch,
// and a fuzz pass on the Node decoder. Minutes, not seconds: not part of the quick unit run.
export default defineConfig({
  test: {
    include: ['test/node/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
