import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProvider } from '../../server/providers/provider-repository.ts';
import { testingOnPostgres } from '../support/test-database.ts';
import { createTestStorage } from '../support/test-services.ts';

/**
 * The suite runs twice: on SQLite, and with TEST_DATABASE_URL on PostgreSQL.
 * These tests pin that each pass really uses its engine (a PostgreSQL pass that
 * quietly fell back to SQLite would prove nothing) and that values read back
 * in the one shape the mappers expect.
 */
describe('the test pass database', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => {
    await storage.close();
  });

  it('is the engine the pass names: a fresh PostgreSQL database of its own, or SQLite in the temp folder', async () => {
    if (testingOnPostgres) {
      expect(storage.config.database.client).toBe('pg');
      expect(storage.db.client.config.client).toBe('pg');
      const { rows } = await storage.db.raw('select current_database() as name, version() as version');
      expect(rows[0].name).toMatch(/^wegweiser_t_\d+_[0-9a-f]{12}$/);
      expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
    } else {
      expect(storage.config.database).toEqual({ client: 'sqlite', file: storage.config.databaseFile });
      expect(storage.db.client.config.client).toBe('sqlite3');
    }
  });

  it('reads times back as the ISO text written, compares and orders them as times, and counts as numbers', async () => {
    const times = ['2026-12-05T09:00:00.000Z', '2026-11-30T23:59:59.999Z', '2026-12-05T10:30:00.250Z'];
    for (const [i, time] of times.entries()) await insertProvider(storage.db, { slug: `zeit-${i}`, name: `Zeit ${i}`, description: '', kind: 'club' }, time);
    const rows = await storage.db('providers').where('slug', 'like', 'zeit-%').orderBy('created_at').select('slug', 'created_at');
    expect(rows).toEqual([
      { slug: 'zeit-1', created_at: '2026-11-30T23:59:59.999Z' },
      { slug: 'zeit-0', created_at: '2026-12-05T09:00:00.000Z' },
      { slug: 'zeit-2', created_at: '2026-12-05T10:30:00.250Z' },
    ]);
    expect(await storage.db('providers').where('created_at', '>', '2026-12-05T09:00:00.000Z').count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(await storage.db('providers').where('created_at', '>=', '2026-12-01T00:00:00.000Z').pluck('slug')).toEqual(expect.arrayContaining(['zeit-0', 'zeit-2']));
  });
});
