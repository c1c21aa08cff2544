import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the PostgreSQL pass (`npm run test:pg`) leaves out; every other test
 * file runs on both engines. The pass exists for storage, so it skips:
 *
 * - the page tests in Chromium (`test/browser/**`): they test what pages do in
 *   a browser; the same pages, forms and flows run on PostgreSQL through the
 *   Supertest route tests;
 * - the files below, which never open the pass's database: their imports never
 *   reach the code that reads TEST_DATABASE_URL, so on PostgreSQL they would
 *   run exactly as on SQLite. `sqliteOnlyProblems` checks that for each of them.
 *
 * A new test file is in the PostgreSQL pass unless it is added here.
 */
export const PAGE_TESTS = 'test/browser/**';

export const WITHOUT_DATABASE: Readonly<Record<string, string>> = {
  'test/accounts/provider-match.test.ts': 'name matching, pure functions',
  'test/config/startup.test.ts': 'the entry point refusing bad configuration before it opens a database',
  'test/hsds/hsds-mapper.test.ts': 'HSDS mapping, pure functions',
  'test/i18n/locale-files.test.ts': 'the locale files',
  'test/offers/offer-place-links.test.ts': 'map and route links, pure functions',
  'test/region/place-lookup.test.ts': 'place lookup in the region files',
  'test/search/database-search-text.test.ts': 'text folding of the database search, pure functions',
  'test/search/meili-supervisor.test.ts': 'the embedded Meilisearch process',
  'test/search/meili-transport.test.ts': 'the Meilisearch client',
  'test/search/search-fallback.test.ts': 'the circuit breaker, with a stand-in database search',
  'test/translation/translation-config.test.ts': 'translation configuration and the entry point refusing it',
  'test/translation/translation-provenance.test.ts': 'translation provenance, pure functions',
};

const root = path.resolve(import.meta.dirname, '..', '..');
const RELATIVE_IMPORT = /(?:from|import)\s+'(\.{1,2}\/[^']+)'/g;

/** Whether a module, or any module it imports from this repository, mentions TEST_DATABASE_URL. */
function reachesPassDatabase(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  if (source.includes('TEST_DATABASE_URL')) return true;
  for (const [, specifier] of source.matchAll(RELATIVE_IMPORT)) {
    const target = path.resolve(path.dirname(file), specifier!);
    if (target.endsWith('.ts') && existsSync(target) && reachesPassDatabase(target, seen)) return true;
  }
  return false;
}

/** Entries of WITHOUT_DATABASE that are missing or do reach the pass's database; empty when the list is right. */
export function sqliteOnlyProblems(): string[] {
  return Object.keys(WITHOUT_DATABASE).flatMap((file) => {
    const absolute = path.join(root, file);
    if (!existsSync(absolute)) return [`${file} does not exist`];
    return reachesPassDatabase(absolute) ? [`${file} reaches TEST_DATABASE_URL through its imports, so it belongs in the PostgreSQL pass`] : [];
  });
}
