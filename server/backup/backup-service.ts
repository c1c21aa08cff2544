import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseTarget } from '../config/config.ts';
import { openDatabase } from '../db/db-connection.ts';

/** Where the things to back up live: the database and the data folder with its keys. */
export interface BackupPaths {
  databaseFile: string;
  dataDir: string;
  /** PostgreSQL when DATABASE_URL is set; SQLite (databaseFile) otherwise. */
  database?: DatabaseTarget;
}

const PG_DUMP_NAME = 'wegweiser.pgdump';

/** Runs a PostgreSQL client tool; a missing tool is a sentence saying what to install. */
function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): void {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`DATABASE_URL points to PostgreSQL, and its backups are made with ${tool}, which is not installed here; install the PostgreSQL client tools (Debian: apt-get install postgresql-client) or run ${tool} yourself.`);
    }
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`${tool} failed: ${stderr || String(error)}`);
  }
}

/**
 * The data folder's keys: the session secret (signed-in users stay signed in)
 * and the embedded Meilisearch's master key. The index itself is derived from
 * SQLite and rebuilt on start, so it is not backed up.
 */
const KEY_FILES = ['session-secret', path.join('meilisearch', 'master-key')];

const DATABASE_NAME = 'wegweiser.sqlite';

/**
 * Writes a consistent copy of the database with SQLite's `VACUUM INTO` (safe
 * while the app runs and writes) and copies the keys, into a new folder named
 * after the time; answers that folder.
 */
export async function createBackup(paths: BackupPaths, targetRoot: string, now: Date): Promise<string> {
  const folder = path.join(targetRoot, `wegweiser-backup-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const database = await copyDatabase(paths, folder);
  const keys: string[] = [];
  for (const key of KEY_FILES) {
    const source = path.join(paths.dataDir, key);
    if (!existsSync(source)) continue;
    const target = path.join(folder, 'keys', key);
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(source, target);
    chmodSync(target, 0o600);
    keys.push(key);
  }
  writeFileSync(path.join(folder, 'manifest.json'), `${JSON.stringify({ createdAt: now.toISOString(), ...database, keys }, null, 2)}\n`);
  return folder;
}

/**
 * SQLite: `VACUUM INTO`. PostgreSQL: pg_dump's custom format (a consistent
 * snapshot while the app runs), restored with pg_restore.
 */
async function copyDatabase(paths: BackupPaths, folder: string): Promise<{ database: string; engine: 'sqlite' | 'postgresql' }> {
  if (paths.database?.client === 'pg') {
    runPgTool('pg_dump', ['--format=custom', '--no-owner', '--file', path.join(folder, PG_DUMP_NAME), '--dbname', paths.database.url]);
    return { database: PG_DUMP_NAME, engine: 'postgresql' };
  }
  const db = openDatabase(paths.databaseFile);
  try {
    await db.raw('VACUUM INTO ?', [path.join(folder, DATABASE_NAME)]);
  } finally {
    await db.destroy();
  }
  return { database: DATABASE_NAME, engine: 'sqlite' };
}

/** Whether the PostgreSQL database already holds a directory (any provider or account). */
async function postgresHoldsData(url: string): Promise<boolean> {
  const db = openDatabase({ client: 'pg', url });
  try {
    const tables = await db('information_schema.tables').where({ table_schema: 'public' }).whereIn('table_name', ['providers', 'users']).pluck('table_name');
    for (const table of tables) if ((await db(table).first()) !== undefined) return true;
    return false;
  } finally {
    await db.destroy();
  }
}

/** Puts a pg_dump backup into the (empty, or with --overwrite replaced) database at DATABASE_URL. */
async function restorePostgres(file: string, url: string, overwrite: boolean): Promise<void> {
  if ((await postgresHoldsData(url)) && !overwrite) {
    throw new Error('The database at DATABASE_URL already holds a directory; stop the app and run again with --overwrite to replace it.');
  }
  runPgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', url, file]);
}

/**
 * Puts a backup in place of the database and keys. Refuses to overwrite an
 * existing database unless told to, and never runs beside the app: stop it first.
 * The search index is rebuilt from the restored database when the app starts.
 * A backup is restored into the engine it came from: a SQLite file into
 * DATA_DIR, a pg_dump into the database at DATABASE_URL.
 */
export async function restoreBackup(backupFolder: string, paths: BackupPaths, options: { overwrite: boolean }): Promise<{ keys: string[] }> {
  const manifestFile = path.join(backupFolder, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${backupFolder} is not a Wegweiser backup (no manifest.json).`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { database: string; engine?: 'sqlite' | 'postgresql'; keys: string[] };
  const engine = manifest.engine ?? 'sqlite';
  const onPostgres = paths.database?.client === 'pg';
  if (engine === 'postgresql' && !onPostgres) {
    throw new Error('This backup holds a PostgreSQL database (pg_dump); set DATABASE_URL to the database to restore it into.');
  }
  if (engine === 'sqlite' && onPostgres) {
    throw new Error('This backup holds a SQLite database, but DATABASE_URL is set; restore it without DATABASE_URL, then move it with npm run migrate-to-postgres.');
  }
  if (paths.database?.client === 'pg') await restorePostgres(path.join(backupFolder, manifest.database), paths.database.url, options.overwrite);
  else restoreSqlite(path.join(backupFolder, manifest.database), paths.databaseFile, options.overwrite);
  for (const key of manifest.keys) {
    const target = path.join(paths.dataDir, key);
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(path.join(backupFolder, 'keys', key), target);
    chmodSync(target, 0o600);
  }
  return { keys: manifest.keys };
}

function restoreSqlite(file: string, databaseFile: string, overwrite: boolean): void {
  if (existsSync(databaseFile) && !overwrite) {
    throw new Error(`${databaseFile} exists; stop the app and run again with --overwrite to replace it.`);
  }
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  // A leftover write-ahead log would be replayed onto the restored file.
  for (const suffix of ['-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
  copyFileSync(file, databaseFile);
}
