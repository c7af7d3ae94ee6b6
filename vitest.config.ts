import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/**/*.soak.test.ts', '**/node_modules/**'],
    testTimeout: 20000,
    hookTimeout: 20000,
    // PTY-heavy suites fight over 2 cores; a few forks keep them honest without starving each other.
    pool: 'forks',
    maxWorkers: 2,
  },
});
