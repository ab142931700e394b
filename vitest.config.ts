import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/soak/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores on CI; forks keep each file's fake servers and timers apart.
    pool: 'forks',
  },
});
