import { defineConfig } from 'vitest/config';

// The soak test runs alone after the suite: it measures stalls, so it must not share the machine
// with the PTY-heavy suites.
export default defineConfig({
  test: {
    include: ['test/**/*.soak.test.ts'],
    testTimeout: 180000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
