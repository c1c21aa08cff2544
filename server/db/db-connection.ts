import knexFactory, { type Knex } from 'knex';
import { migrationSource } from './migrations/migration-list.ts';

export type Database = Knex;

interface SqliteConnection {
  run(sql: string, callback: (error: Error | null) => void): void;
}

function runPragma(connection: SqliteConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => connection.run(sql, (error) => (error ? reject(error) : resolve())));
}

/**
 * Opens the SQLite database. Every pooled connection gets foreign keys, WAL and a
 * busy timeout, so a script and the running app can share the file.
 */
export function openDatabase(filename: string): Database {
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
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
}

/** Brings the schema up to date. */
export async function migrateToLatest(db: Database): Promise<void> {
  await db.migrate.latest();
}
