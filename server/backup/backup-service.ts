import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/db-connection.ts';

/** Where the things to back up live: the database and the data folder with its keys. */
export interface BackupPaths {
  databaseFile: string;
  dataDir: string;
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
  const db = openDatabase(paths.databaseFile);
  try {
    await db.raw('VACUUM INTO ?', [path.join(folder, DATABASE_NAME)]);
  } finally {
    await db.destroy();
  }
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
  writeFileSync(path.join(folder, 'manifest.json'), `${JSON.stringify({ createdAt: now.toISOString(), database: DATABASE_NAME, keys }, null, 2)}\n`);
  return folder;
}

/**
 * Puts a backup in place of the database and keys. Refuses to overwrite an
 * existing database unless told to, and never runs beside the app: stop it first.
 * The search index is rebuilt from the restored database when the app starts.
 */
export function restoreBackup(backupFolder: string, paths: BackupPaths, options: { overwrite: boolean }): { keys: string[] } {
  const manifestFile = path.join(backupFolder, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${backupFolder} is not a Wegweiser backup (no manifest.json).`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { database: string; keys: string[] };
  if (existsSync(paths.databaseFile) && !options.overwrite) {
    throw new Error(`${paths.databaseFile} exists; stop the app and run again with --overwrite to replace it.`);
  }
  mkdirSync(path.dirname(paths.databaseFile), { recursive: true });
  // A leftover write-ahead log would be replayed onto the restored file.
  for (const suffix of ['-wal', '-shm']) rmSync(`${paths.databaseFile}${suffix}`, { force: true });
  copyFileSync(path.join(backupFolder, manifest.database), paths.databaseFile);
  for (const key of manifest.keys) {
    const target = path.join(paths.dataDir, key);
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(path.join(backupFolder, 'keys', key), target);
    chmodSync(target, 0o600);
  }
  return { keys: manifest.keys };
}
