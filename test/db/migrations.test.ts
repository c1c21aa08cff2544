import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/db-connection.ts';
import { migrationSource } from '../../server/db/migrations/migration-list.ts';
import { createPostgresDatabase, testingOnPostgres } from '../support/test-database.ts';

const TABLES = [
  'taxonomy_terms', 'taxonomy_labels', 'providers', 'locations', 'offers', 'offer_locations', 'offer_categories',
  'offer_target_groups', 'offer_languages', 'offer_schedules', 'offer_translations', 'search_outbox', 'app_meta',
  'users', 'one_time_tokens', 'sessions', 'audit_log', 'offer_revisions', 'problem_reports', 'public_submissions', 'mail_outbox', 'login_throttle', 'staff_digest_items', 'translation_outbox',
];

async function existingTables(db: Database): Promise<string[]> {
  const rows = testingOnPostgres
    ? await db('information_schema.tables').where({ table_schema: 'public' }).select({ name: 'table_name' })
    : await db('sqlite_master').where({ type: 'table' }).select('name');
  return rows.map((row) => row.name as string).filter((name) => TABLES.includes(name)).sort();
}

async function columnsOf(db: Database, table: string): Promise<string[]> {
  if (testingOnPostgres) return (await db('information_schema.columns').where({ table_schema: 'public', table_name: table }).select('column_name')).map((row) => row.column_name as string);
  return (await db.raw(`PRAGMA table_info(${table})`)).map((column: { name: string }) => column.name);
}

/** A database of its own: a SQLite file in a temp folder, or on the PostgreSQL pass a fresh database. */
function openTestDatabase(): Database {
  folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-migrate-'));
  // Empty, not the run's migrated template: these tests are about the migrations.
  const postgres = testingOnPostgres ? createPostgresDatabase() : undefined;
  dropDatabase = postgres?.drop;
  return openDatabase(postgres ? { client: 'pg', url: postgres.url } : path.join(folder, 'test.sqlite'));
}

let folder: string;
let dropDatabase: (() => void) | undefined;

/** Steps down until none of the data-model migrations of 2026-12-05 is applied. */
async function rollBackDataModel(db: Database): Promise<void> {
  const lastApplied = async () => {
    const [completed] = await db.migrate.list();
    return String((completed.at(-1) as { name?: string } | undefined)?.name ?? '');
  };
  // The data-model migrations and every later one (they sort after it).
  while ((await lastApplied()) >= '2026-12-05-0800') await db.migrate.down();
}

describe('database migrations', () => {
  let db: Database;
  afterEach(async () => {
    await db.destroy();
    rmSync(folder, { recursive: true, force: true });
    dropDatabase?.();
  });

  it('create every table on an empty database, remove them all on the way down, and run up again', async () => {
    db = openTestDatabase();
    await db.migrate.latest();
    expect(await existingTables(db)).toEqual([...TABLES].sort());

    await db.migrate.rollback(undefined, true);
    expect(await existingTables(db)).toEqual([]);

    const [, applied] = await db.migrate.latest();
    expect(applied).toEqual(await migrationSource.getMigrations([]));
    expect(applied.length).toBeGreaterThanOrEqual(29);
    expect(await existingTables(db)).toEqual([...TABLES].sort());
  });

  it('switch on foreign keys and WAL for every SQLite connection; PostgreSQL enforces foreign keys itself', async () => {
    db = openTestDatabase();
    await db.migrate.latest();
    if (testingOnPostgres) {
      expect(db.client.config.client).toBe('pg');
      await expect(db('locations').insert({ provider_id: 999, name: 'x', street: 'x', postcode: '58452', city: 'x', district: 'witten', created_at: '2026-12-01T10:00:00.000Z', updated_at: '2026-12-01T10:00:00.000Z' })).rejects.toThrow(/violates foreign key constraint "locations_provider_id_foreign"/);
      return;
    }
    const [foreignKeys] = await db.raw('PRAGMA foreign_keys');
    const [journal] = await db.raw('PRAGMA journal_mode');
    expect(foreignKeys.foreign_keys).toBe(1);
    expect(journal.journal_mode).toBe('wal');
    await expect(db('locations').insert({ provider_id: 999, name: 'x', street: 'x', postcode: '58452', city: 'x', district: 'witten', created_at: 'x', updated_at: 'x' })).rejects.toThrow(/FOREIGN KEY/);
  });

  it('add the columns real offers need to a database with data, and take them away again without losing a row', async () => {
    db = openTestDatabase();
    await db.migrate.latest();
    await rollBackDataModel(db);
    const now = '2026-12-01T10:00:00.000Z';
    const [providerId] = await db('providers').insert({ slug: 'p', name: 'Träger', kind: 'club', created_at: now, updated_at: now }).returning('id').then((rows) => rows.map((row) => row.id));
    const [locationId] = await db('locations').insert({ provider_id: providerId, name: 'Treff', street: 'Ruhrstraße 1', postcode: '58452', city: 'Witten', district: 'witten', created_at: now, updated_at: now }).returning('id').then((rows) => rows.map((row) => row.id));
    const [offerId] = await db('offers').insert({ slug: 'o', provider_id: providerId, title: 'Sprachcafé', created_at: now, updated_at: now }).returning('id').then((rows) => rows.map((row) => row.id));
    await db('offer_locations').insert({ offer_id: offerId, location_id: locationId });
    await db('offer_schedules').insert({ offer_id: offerId, weekday: 2, opens_at: '10:00', closes_at: '12:00' });

    await db.migrate.latest();
    expect(await db('offers').where({ id: offerId }).first('registration_methods', 'rolling_entry', 'interpreter_on_request', 'external_id')).toEqual({ registration_methods: '[]', rolling_entry: 0, interpreter_on_request: 0, external_id: null });
    expect(await db('locations').where({ id: locationId }).first('geo_precision', 'address_on_request', 'source')).toEqual({ geo_precision: 'exact', address_on_request: 0, source: null });
    expect(await db('offer_schedules').first('every_other_week')).toEqual({ every_other_week: 0 });

    await rollBackDataModel(db);
    const columns = (table: string) => columnsOf(db, table);
    expect(await columns('offers')).not.toContain('start_date');
    expect(await columns('locations')).not.toContain('geo_precision');
    expect(await columns('offer_schedules')).not.toContain('every_other_week');
    expect(await db('offer_locations').count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(await db('offer_schedules').count({ n: '*' }).first()).toEqual({ n: 1 });

    await db.migrate.latest();
    expect(await columns('offers')).toEqual(expect.arrayContaining(['start_date', 'end_date', 'next_start_date', 'rolling_entry', 'schedule_note', 'registration_note', 'bring_along', 'source']));
    expect(await db('offer_locations').count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});
