import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { migrateToLatest, openDatabase } from '../../server/db/db-connection.ts';

/**
 * The PostgreSQL server the tests use: TEST_DATABASE_URL (the PostgreSQL pass),
 * or the one every development and CI machine has for the tests about
 * PostgreSQL itself. The URL names a database to connect to for CREATE DATABASE.
 */
export const passUrl = process.env.TEST_DATABASE_URL || undefined;
export const adminUrl = passUrl ?? 'postgres://postgres@127.0.0.1:5432/test';

/** psql runs synchronously, so `testConfig` stays a plain function; -X ignores any ~/.psqlrc. */
export function runAdminSql(sql: string): void {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', adminUrl, '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function newDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(6).toString('hex')}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * On the PostgreSQL pass, one database with every migration applied, made once
 * per run: each test's database is a copy of it (CREATE DATABASE … TEMPLATE),
 * which takes a fraction of running fifty migrations per test.
 */
export async function preparePostgresTemplate(): Promise<{ name: string; drop: () => void } | undefined> {
  if (!passUrl) return undefined;
  const name = newDatabaseName('wegweiser_tpl');
  runAdminSql(`CREATE DATABASE ${name}`);
  const db = openDatabase({ client: 'pg', url: databaseUrl(name) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return {
    name,
    drop: () => {
      runAdminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      dropOrphanedTestDatabases();
    },
  };
}

/**
 * Test databases whose worker process is gone: a test that timed out in its
 * set-up never reached its cleanup. The name carries the worker's pid.
 */
function dropOrphanedTestDatabases(): void {
  const names = execFileSync('psql', ['-X', '-A', '-t', '-d', adminUrl, '-c', "SELECT datname FROM pg_database WHERE datname ~ '^wegweiser_t_[0-9]+_[0-9a-f]+$'"], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const name of names) {
    const pid = Number(name.split('_')[2]);
    if (!isAlive(pid)) runAdminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
