import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Files share a worker's loaded modules instead of importing the whole app
    // again each (that took a third of the run). Tests still start their own
    // storage, index and app; no test may rely on module state another left.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    allowOnly: false,
    passWithNoTests: false,
  },
});
