import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * The PostgreSQL pass: with TEST_DATABASE_URL (a server and a database to
 * connect to for administration, e.g. postgres://postgres@127.0.0.1:5432/test)
 * every test's storage gets a fresh database of its own, created here and
 * dropped on cleanup, so tests stay independent and can run in parallel.
 * Without it, tests use SQLite in their temp folder as before.
 */
const passUrl = process.env.TEST_DATABASE_URL || undefined;

export const testingOnPostgres = passUrl !== undefined;

/**
 * Tests about PostgreSQL itself (moving a SQLite directory there) run on both
 * passes; without TEST_DATABASE_URL they use the server every development and
 * CI machine has.
 */
const adminUrl = passUrl ?? 'postgres://postgres@127.0.0.1:5432/test';

/** psql runs synchronously, so `testConfig` stays a plain function; -X ignores any ~/.psqlrc. */
function runAdminSql(sql: string): void {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', adminUrl, '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A new, empty database and the way to drop it again; undefined on the SQLite pass. */
export function createTestDatabase(): { url: string; drop: () => void } | undefined {
  return testingOnPostgres ? createPostgresDatabase() : undefined;
}

/** A new, empty PostgreSQL database on either pass, and the way to drop it again. */
export function createPostgresDatabase(): { url: string; drop: () => void } {
  const name = `wegweiser_t_${process.pid}_${randomBytes(6).toString('hex')}`;
  runAdminSql(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends connections a failed test left open.
    drop: () => runAdminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
