import { inject } from 'vitest';
import type { Database } from '../../server/db/db-connection.ts';
import { databaseUrl, newDatabaseName, passUrl, runAdminSql } from './postgres-admin.ts';

/**
 * The PostgreSQL pass: with TEST_DATABASE_URL (a server and a database to
 * connect to for administration, e.g. postgres://postgres@127.0.0.1:5432/test)
 * every test's storage gets a fresh database of its own, a copy of the run's
 * migrated template, dropped on cleanup, so tests stay independent and can run
 * in parallel. Without it, tests use SQLite in their temp folder as before.
 */
export const testingOnPostgres = passUrl !== undefined;

/** A new database for a test's storage, and the way to drop it again; undefined on the SQLite pass. */
export function createTestDatabase(): { url: string; drop: () => void } | undefined {
  if (!testingOnPostgres) return undefined;
  const template = inject('pgTemplate');
  return createPostgresDatabase(template || undefined);
}

/** A new PostgreSQL database on either pass (empty, or a copy of `template`), and the way to drop it again. */
export function createPostgresDatabase(template?: string): { url: string; drop: () => void } {
  const name = newDatabaseName('wegweiser_t');
  runAdminSql(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return {
    url: databaseUrl(name),
    // FORCE ends connections a failed test left open.
    drop: () => runAdminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Makes the database refuse every write, as a read-only SQLite file does: on
 * SQLite `PRAGMA query_only` (the app has one connection), on PostgreSQL a
 * trigger on every table that raises read_only_sql_transaction (25006), the
 * error a read-only transaction or standby gives, for every pooled connection.
 */
export async function setDatabaseReadOnly(db: Database, on: boolean): Promise<void> {
  if (!testingOnPostgres) {
    await db.raw(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`);
    return;
  }
  const tables = await db('information_schema.tables').where({ table_schema: 'public', table_type: 'BASE TABLE' }).pluck('table_name');
  if (on) {
    await db.raw(`CREATE OR REPLACE FUNCTION wegweiser_test_read_only() RETURNS trigger AS $$ BEGIN
      RAISE EXCEPTION 'cannot execute % in a read-only transaction', TG_OP USING ERRCODE = 'read_only_sql_transaction'; END $$ LANGUAGE plpgsql`);
  }
  for (const table of tables) {
    await db.raw(on ? 'CREATE TRIGGER wegweiser_test_read_only BEFORE INSERT OR UPDATE OR DELETE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION wegweiser_test_read_only()' : 'DROP TRIGGER IF EXISTS wegweiser_test_read_only ON ??', [table]);
  }
}

/** Makes inserting a row with `column = value` into `table` fail with `message`, on either engine (a failure in the middle of a write). */
export async function refuseInsert(db: Database, table: string, column: string, value: string, message: string): Promise<void> {
  if (!testingOnPostgres) {
    await db.raw(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} WHEN NEW.${column} = '${value}' BEGIN SELECT RAISE(ABORT, '${message}'); END`);
    return;
  }
  await db.raw(`CREATE FUNCTION refuse_${table}() RETURNS trigger AS $$ BEGIN
    IF NEW.${column} = '${value}' THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await db.raw(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_${table}()`);
}
