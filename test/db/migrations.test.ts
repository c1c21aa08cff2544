import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/db-connection.ts';

const TABLES = [
  'taxonomy_terms', 'taxonomy_labels', 'providers', 'locations', 'offers', 'offer_locations', 'offer_categories',
  'offer_target_groups', 'offer_languages', 'offer_schedules', 'offer_translations', 'search_outbox', 'app_meta',
  'users', 'one_time_tokens', 'sessions', 'audit_log', 'offer_revisions', 'problem_reports', 'public_submissions',
];

async function existingTables(db: Database): Promise<string[]> {
  const rows = await db('sqlite_master').where({ type: 'table' }).select('name');
  return rows.map((row) => row.name as string).filter((name) => TABLES.includes(name)).sort();
}

describe('database migrations', () => {
  let folder: string;
  let db: Database;
  afterEach(async () => {
    await db.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('create every table on an empty database, remove them all on the way down, and run up again', async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-migrate-'));
    db = openDatabase(path.join(folder, 'test.sqlite'));
    await db.migrate.latest();
    expect(await existingTables(db)).toEqual([...TABLES].sort());

    await db.migrate.rollback(undefined, true);
    expect(await existingTables(db)).toEqual([]);

    const [, applied] = await db.migrate.latest();
    expect(applied).toHaveLength((await db.migrate.list())[0].length);
    expect(await existingTables(db)).toEqual([...TABLES].sort());
  });

  it('switch on foreign keys and WAL for every connection', async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-migrate-'));
    db = openDatabase(path.join(folder, 'test.sqlite'));
    await db.migrate.latest();
    const [foreignKeys] = await db.raw('PRAGMA foreign_keys');
    const [journal] = await db.raw('PRAGMA journal_mode');
    expect(foreignKeys.foreign_keys).toBe(1);
    expect(journal.journal_mode).toBe('wal');
    await expect(db('locations').insert({ provider_id: 999, name: 'x', street: 'x', postcode: '58452', city: 'x', district: 'witten', created_at: 'x', updated_at: 'x' })).rejects.toThrow(/FOREIGN KEY/);
  });
});
