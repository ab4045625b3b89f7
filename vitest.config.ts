import { defineConfig } from 'vitest/config';

// Unit tests: the pure logic (policy, verdict, input sniffing) in Node, with no model and no browser.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
  },
});
