import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the PostgreSQL pass (`npm run test:pg`) leaves out; every other test
 * file runs on both engines. The pass exists for storage, so it skips:
 *
 * - the page tests in Chromium (`test/browser/**`): they test what pages do in
 *   a browser; the same pages, forms and flows run on PostgreSQL through the
 *   Supertest route tests;
 * - the files in WITHOUT_DATABASE, which never open the pass's database: their
 *   imports never reach the code that reads TEST_DATABASE_URL, so on PostgreSQL
 *   they would run exactly as on SQLite;
 * - the files in ENGINE_CHOSEN, which choose their databases themselves (SQLite
 *   and PostgreSQL both) and so run the same in both passes: they never ask for
 *   the pass's database, and every storage they start names its engine.
 *
 * `sqliteOnlyProblems` checks both lists. A new test file is in the PostgreSQL
 * pass unless it is added here.
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

export const ENGINE_CHOSEN: Readonly<Record<string, string>> = {
  'test/db/migrate-to-postgres.test.ts': 'copies a SQLite directory into a PostgreSQL database of its own',
  'test/multi-instance/two-instances.test.ts': 'two app processes on a PostgreSQL database of their own',
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

const PASS_DATABASE = /\b(createTestDatabase|testingOnPostgres|sameStorage)\b/;
const STORAGE_START = /\b(createTestServices|createTestStorage|testConfig|startTestApp|useAppInChromium)\(/g;

/** The argument text of the call whose opening parenthesis is at `open`. */
function callArguments(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i += 1) {
    if (source[i] === '(') depth += 1;
    else if (source[i] === ')' && --depth === 0) return source.slice(open + 1, i);
  }
  return source.slice(open + 1);
}

/** Why a file of ENGINE_CHOSEN would run differently on the PostgreSQL pass; undefined when it would not. */
function passDependence(source: string): string | undefined {
  if (PASS_DATABASE.test(source)) return `uses ${PASS_DATABASE.exec(source)![1]}`;
  for (const call of source.matchAll(STORAGE_START)) {
    const args = callArguments(source, call.index + call[0].length - 1);
    if (!/sqlite: true|DATABASE_URL/.test(args)) return `calls ${call[1]}(${args.slice(0, 60)}) without naming an engine`;
  }
  return undefined;
}

/** Entries of the two lists that are missing or would run differently on the PostgreSQL pass; empty when the lists are right. */
export function sqliteOnlyProblems(): string[] {
  const missing = (file: string) => (existsSync(path.join(root, file)) ? [] : [`${file} does not exist`]);
  const withoutDatabase = Object.keys(WITHOUT_DATABASE).flatMap((file) => {
    if (missing(file).length > 0) return missing(file);
    return reachesPassDatabase(path.join(root, file)) ? [`${file} reaches TEST_DATABASE_URL through its imports, so it belongs in the PostgreSQL pass`] : [];
  });
  const engineChosen = Object.keys(ENGINE_CHOSEN).flatMap((file) => {
    if (missing(file).length > 0) return missing(file);
    const dependence = passDependence(readFileSync(path.join(root, file), 'utf8'));
    return dependence ? [`${file} ${dependence}, so it belongs in the PostgreSQL pass`] : [];
  });
  return [...withoutDatabase, ...engineChosen];
}
