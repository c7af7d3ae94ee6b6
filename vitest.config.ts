import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20000,
    hookTimeout: 20000,
    setupFiles: ['test/support/homes-cleanup.ts'],
    // PTY-heavy suites fight over 2 cores; a few forks keep them honest without starving each other.
    pool: 'forks',
    maxWorkers: 2,
    // The tiers (docs/testing.md).
    projects: [
      {
        extends: true,
        test: {
          name: 'scripted',
          include: ['test/scripted/**/*.test.ts'],
          // Scripted hubs own no process and useHub() disposes them after each test: the suites
          // share a worker's loaded modules instead of each importing the hub again (a third of
          // their CPU time was imports).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit and end to end',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/scripted/**', 'test/**/*.soak.test.ts', '**/node_modules/**'],
        },
      },
    ],
  },
});
