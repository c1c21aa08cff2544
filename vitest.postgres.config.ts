import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';
import { PAGE_TESTS, sqliteOnlyProblems, WITHOUT_DATABASE } from './test/support/postgres-pass.ts';

// The PostgreSQL pass (npm run test:pg): the suite without the files that would
// run there exactly as on SQLite, and without the page tests in Chromium
// (see test/support/postgres-pass.ts). A wrong entry stops the pass.
const problems = sqliteOnlyProblems();
if (problems.length > 0) throw new Error(`test/support/postgres-pass.ts: ${problems.join('; ')}`);

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...configDefaults.exclude, PAGE_TESTS, ...Object.keys(WITHOUT_DATABASE)],
    },
  }),
);
