import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrateToLatest, openDatabase, type Database } from './db-connection.ts';

/** A sentence for the operator: what is wrong and what to do. */
export class DatabaseMigrationError extends Error {
  override name = 'DatabaseMigrationError';
}

export interface TableCopied {
  table: string;
  rows: number;
}

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

/**
 * Knex's own bookkeeping: the target gets its own from running the migrations.
 * The database copy of the search documents is derived (like the Meilisearch
 * index): the first start on PostgreSQL rebuilds it, numbered by its own sequence.
 */
const SKIPPED_TABLES = new Set(['knex_migrations', 'knex_migrations_lock', 'search_documents']);
/** PostgreSQL takes at most 65,535 bound values per statement. */
const MAX_BOUND_VALUES = 60_000;
const MAX_BATCH_ROWS = 1000;

/** A data folder (with wegweiser.sqlite in it) or the SQLite file itself. */
export function resolveSqliteFile(from: string): string {
  const resolved = path.resolve(from);
  const file = existsSync(resolved) && statSync(resolved).isDirectory() ? path.join(resolved, 'wegweiser.sqlite') : resolved;
  if (!existsSync(file)) throw new DatabaseMigrationError(`There is no SQLite database at ${file}; name a data folder (DATA_DIR) or its wegweiser.sqlite.`);
  return file;
}

/**
 * The tables to copy. SQLite-only full-text tables (virtual tables and their
 * shadow tables, kept by triggers there) have no counterpart in PostgreSQL and
 * are left out; any other table PostgreSQL lacks is an error.
 */
async function sourceTables(source: Database, target: Database): Promise<string[]> {
  const rows = await source('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'sqlite_%').select('name', 'sql');
  const virtual = rows.filter((row) => /^CREATE VIRTUAL TABLE/i.test(String(row.sql))).map((row) => String(row.name));
  const sqliteOnly = (name: string) => virtual.some((table) => name === table || name.startsWith(`${table}_`));
  const present = new Set(await target('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name'));
  const tables = rows.map((row) => String(row.name)).filter((name) => !SKIPPED_TABLES.has(name) && !sqliteOnly(name));
  const missing = tables.filter((name) => !present.has(name));
  if (missing.length > 0) throw new DatabaseMigrationError(`PostgreSQL has no table ${missing.join(', ')} after the migrations; is the SQLite database from a newer Wegweiser?`);
  return tables;
}

/** Parents before children, by the foreign keys SQLite knows; names sorted within a level for a stable order. */
async function inDependencyOrder(source: Database, tables: string[]): Promise<string[]> {
  const parents = new Map<string, Set<string>>();
  for (const table of tables) {
    const keys = (await source.raw('SELECT "table" AS parent FROM pragma_foreign_key_list(?)', [table])) as Array<{ parent: string }>;
    parents.set(table, new Set(keys.map((key) => key.parent).filter((parent) => parent !== table && tables.includes(parent))));
  }
  const ordered: string[] = [];
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !ordered.includes(table) && [...parents.get(table)!].every((parent) => ordered.includes(parent))).sort();
    if (ready.length === 0) throw new DatabaseMigrationError(`The foreign keys between ${tables.filter((t) => !ordered.includes(t)).join(', ')} form a cycle; these tables cannot be copied in order.`);
    ordered.push(...ready);
  }
  return ordered;
}

/** Tables that hold a directory once the app or a copy has written to the database. */
const DIRECTORY_TABLES = ['providers', 'offers', 'users', 'taxonomy_terms', 'app_meta'];

/**
 * A target that holds a directory is refused. Migrations alone write only
 * bookkeeping rows (which the copy replaces), so an earlier attempt that
 * stopped before its copy committed may be run again.
 */
async function refuseNonEmptyTarget(target: Database, label: string): Promise<void> {
  const present = new Set(await target('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name'));
  for (const table of DIRECTORY_TABLES.filter((name) => present.has(name))) {
    const rows = await countRows(target, table);
    if (rows > 0) {
      throw new DatabaseMigrationError(`The PostgreSQL database ${label} is not empty (table ${table} has ${rows} rows); migrate into a new, empty database, e.g. one made with: createdb wegweiser`);
    }
  }
}

async function countRows(db: Knex | Knex.Transaction, table: string): Promise<number> {
  const row = await db(table).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Copies one table in rowid order, in batches that stay under PostgreSQL's limit of bound values. */
async function copyTable(source: Database, trx: Knex.Transaction, table: string, onProgress: (progress: CopyProgress) => void): Promise<number> {
  const targetColumns = new Set(Object.keys(await trx(table).columnInfo()));
  const sourceColumns = Object.keys(await source(table).columnInfo());
  const unknown = sourceColumns.filter((column) => !targetColumns.has(column));
  if (unknown.length > 0) throw new DatabaseMigrationError(`Table ${table} has columns PostgreSQL lacks (${unknown.join(', ')}); is the SQLite database from a newer Wegweiser?`);
  const total = await countRows(source, table);
  const batch = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_BOUND_VALUES / Math.max(1, sourceColumns.length))));
  let copied = 0;
  let lastRowid: number | null = null;
  for (;;) {
    const after = lastRowid;
    const rows = (await source(table)
      .select(source.raw('rowid AS "__rowid"'), ...sourceColumns)
      .modify((query) => (after === null ? query : query.where('rowid', '>', after)))
      .orderBy('rowid')
      .limit(batch)) as Array<Record<string, unknown>>;
    if (rows.length === 0) break;
    lastRowid = Number(rows.at(-1)!.__rowid);
    await trx(table).insert(rows.map(({ __rowid: _rowid, ...row }) => row));
    copied += rows.length;
    onProgress({ table, copied, total });
  }
  return copied;
}

/** The next id of every table with a serial `id` continues after the copied rows. */
async function resetSequences(trx: Knex.Transaction, tables: string[]): Promise<void> {
  const { rows } = (await trx.raw(
    "SELECT table_name AS table, pg_get_serial_sequence(quote_ident(table_name), 'id') AS sequence FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id'",
  )) as { rows: Array<{ table: string; sequence: string | null }> };
  for (const { table, sequence } of rows) {
    if (sequence && tables.includes(table)) await trx.raw('SELECT setval(?::regclass, COALESCE((SELECT MAX(id) FROM ??), 0) + 1, false)', [sequence, table]);
  }
}

/**
 * Moves a SQLite database into an empty PostgreSQL database: brings the SQLite
 * file up to date (as the app does on start), runs the same migrations on
 * PostgreSQL, copies every table parents first in one transaction, sets the id
 * sequences after the copied rows and compares the row count of every table
 * before it commits. Refuses a target that already has tables.
 */
export async function migrateSqliteToPostgres(options: { from: string; to: string; onProgress?: (progress: CopyProgress) => void }): Promise<TableCopied[]> {
  const file = resolveSqliteFile(options.from);
  const label = redactedUrl(options.to);
  const source = openDatabase({ client: 'sqlite', file });
  const target = openDatabase({ client: 'pg', url: options.to });
  try {
    await refuseNonEmptyTarget(target, label);
    await migrateToLatest(source);
    await migrateToLatest(target);
    const tables = await inDependencyOrder(source, await sourceTables(source, target));
    return await target.transaction(async (trx) => {
      // Rows some migrations write (a counter's first row, say) make way for SQLite's, children first.
      for (const table of [...tables].reverse()) await trx(table).delete();
      const copied: TableCopied[] = [];
      for (const table of tables) copied.push({ table, rows: await copyTable(source, trx, table, options.onProgress ?? (() => undefined)) });
      await resetSequences(trx, tables);
      for (const { table } of copied) {
        const [expected, actual] = [await countRows(source, table), await countRows(trx, table)];
        if (expected !== actual) throw new DatabaseMigrationError(`Table ${table} has ${expected} rows in SQLite but ${actual} in PostgreSQL; nothing was written.`);
      }
      return copied;
    });
  } finally {
    await Promise.allSettled([source.destroy(), target.destroy()]);
  }
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'at DATABASE_URL';
  }
}
