import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { DatabaseTarget } from '../config/config.ts';
import { migrationSource } from './migrations/migration-list.ts';

export type Database = Knex;

interface SqliteConnection {
  run(sql: string, callback: (error: Error | null) => void): void;
}

function runPragma(connection: SqliteConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => connection.run(sql, (error) => (error ? reject(error) : resolve())));
}

const migrations = { migrationSource, tableName: 'knex_migrations' };

/**
 * SQLite: every pooled connection gets foreign keys, WAL and a busy timeout, so
 * a script and the running app can share the file. One connection: SQLite has
 * one writer anyway, and a second connection would only wait for it.
 */
function openSqlite(filename: string): Database {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: SqliteConnection) => void) {
        runPragma(connection, 'PRAGMA foreign_keys = ON')
          .then(() => runPragma(connection, 'PRAGMA journal_mode = WAL'))
          .then(() => runPragma(connection, 'PRAGMA busy_timeout = 10000'))
          .then(() => runPragma(connection, 'PRAGMA synchronous = NORMAL'))
          .then(() => done(null, connection), (error: Error) => done(error, connection));
      },
    },
    migrations,
  });
}

const { builtins } = pg.types;
const parseTimestamptz = pg.types.getTypeParser(builtins.TIMESTAMPTZ);
const isoTime = (value: string) => {
  const parsed = parseTimestamptz(value) as Date | number;
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : value;
};

/**
 * Values come back from PostgreSQL as they do from SQLite, so mappers and tests
 * see one shape: times as ISO text (the app writes and compares ISO UTC text),
 * days as YYYY-MM-DD, counts and sums as numbers (never near 2^53 here),
 * booleans as 1/0 (mappers read them with Boolean()).
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === builtins.TIMESTAMPTZ) return isoTime;
    // A time without zone is UTC here: the app only ever writes UTC.
    if (oid === builtins.TIMESTAMP) return (value: string) => isoTime(`${value}Z`);
    if (oid === builtins.DATE) return (value: string) => value;
    if (oid === builtins.BOOL) return (value: string) => (value === 't' ? 1 : 0);
    if (oid === builtins.INT8 || oid === builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** PostgreSQL through a small pool: several requests query at once, unlike SQLite's one writer. */
function openPostgres(url: string): Database {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, types: pgTypes } as Knex.PgConnectionConfig,
    pool: { min: 0, max: 10 },
    migrations,
  });
}

/** Opens the database the configuration names: the SQLite file in DATA_DIR, or PostgreSQL at DATABASE_URL. */
export function openDatabase(target: DatabaseTarget | string): Database {
  const resolved: DatabaseTarget = typeof target === 'string' ? { client: 'sqlite', file: target } : target;
  return resolved.client === 'pg' ? openPostgres(resolved.url) : openSqlite(resolved.file);
}

/**
 * One plain connection attempt: Knex's pool would retry a refused connection
 * until its acquire timeout and then report only the timeout, not the cause.
 */
export async function connectOnce(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Brings the schema up to date. */
export async function migrateToLatest(db: Database): Promise<void> {
  await db.migrate.latest();
}
