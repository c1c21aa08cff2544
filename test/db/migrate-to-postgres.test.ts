import { escapeExpression } from 'handlebars';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { migrateSqliteToPostgres, type CopyProgress } from '../../server/db/sqlite-to-postgres.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer, findPublishedOffer } from '../../server/offers/offer-service.ts';
import { emptyQuery } from '../../server/search/search-query.ts';
import { searchOffers } from '../../server/search/search-service.ts';
import { countExpectedDocuments } from '../../server/search/offer-search-index.ts';
import { createPostgresDatabase } from '../support/test-database.ts';
import { createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

/**
 * `npm run migrate-to-postgres`: the demo directory on SQLite, moved into a
 * real, empty PostgreSQL database, serves the same offers there (search after
 * the index is built from PostgreSQL, and the offer pages). Runs on both passes.
 */
describe('moving a SQLite directory to PostgreSQL', () => {
  let source: TestServices;
  let target: TestServices;
  let postgres: { url: string; drop: () => void };
  let copied: Awaited<ReturnType<typeof migrateSqliteToPostgres>>;
  const progress: CopyProgress[] = [];

  beforeAll(async () => {
    source = await createTestServices({ DEMO_DATA: 'true' }, { sqlite: true });
    await createStaffAccount(source, { email: 'redaktion@ki.example', password: 'ein langes Passwort 2026', displayName: 'Redaktion', role: 'editor' });
    postgres = createPostgresDatabase();
    copied = await migrateSqliteToPostgres({ from: source.config.dataDir, to: postgres.url, onProgress: (step) => progress.push(step) });
    target = await createTestServices({ DEMO_DATA: 'true', DATABASE_URL: postgres.url });
    await Promise.all([source.worker.drain(), target.worker.drain()]);
  });
  afterAll(async () => {
    await target?.close();
    await source?.close();
    postgres?.drop();
  });

  it('copies every table, parents first, with the row counts of SQLite', async () => {
    const tables = copied.map((entry) => entry.table);
    for (const [parent, child] of [['providers', 'locations'], ['providers', 'offers'], ['offers', 'offer_locations'], ['locations', 'offer_locations'], ['taxonomy_terms', 'taxonomy_labels'], ['users', 'audit_log']]) {
      expect(tables.indexOf(parent!)).toBeLessThan(tables.indexOf(child!));
    }
    const expected = await Promise.all(tables.map(async (table) => ({ table, rows: Number((await source.db(table).count({ n: '*' }).first())?.n) })));
    expect(copied).toEqual(expected);
    expect(copied.find((entry) => entry.table === 'offers')!.rows).toBeGreaterThanOrEqual(640);
    expect(copied.find((entry) => entry.table === 'users')!.rows).toBe(1);
    for (const { table, rows } of copied.filter((entry) => entry.rows > 0)) expect(progress.filter((step) => step.table === table).at(-1)).toEqual({ table, copied: rows, total: rows });
  });

  it('refuses a database that is not empty, with a sentence', async () => {
    const providers = Number((await source.db('providers').count({ n: '*' }).first())?.n);
    await expect(migrateSqliteToPostgres({ from: source.config.dataDir, to: postgres.url })).rejects.toThrow(
      new RegExp(`^The PostgreSQL database postgres://postgres@127\\.0\\.0\\.1:5432/wegweiser_t_\\w+ is not empty \\(table providers has ${providers} rows\\); migrate into a new, empty database`),
    );
  });

  it('serves the same offers from PostgreSQL: every published offer, the search and the offer pages', async () => {
    expect(target.db.client.config.client).toBe('pg');
    const slugs = await source.db('offers').where({ status: 'published' }).orderBy('id').pluck('slug');
    expect(slugs.length).toBeGreaterThanOrEqual(640);
    for (const slug of slugs) expect(await findPublishedOffer(target.db, slug)).toEqual(await findPublishedOffer(source.db, slug));

    const all = async (services: TestServices) => (await searchOffers(services, { ...emptyQuery(), page: 1 })).total;
    expect(await all(target)).toBe(slugs.length);
    expect((await searchTitles(target, 'Sprachcafé')).sort()).toEqual((await searchTitles(source, 'Sprachcafé')).sort());
    const inWitten = await searchTitles(source, 'Beratung', { district: ['witten'] });
    expect(inWitten.length).toBeGreaterThan(0);
    expect((await searchTitles(target, 'Beratung', { district: ['witten'] })).sort()).toEqual(inWitten.sort());

    const app = createApp({ ...target, i18n: await createI18n() });
    for (const slug of slugs.slice(0, 5)) {
      const offer = await findPublishedOffer(source.db, slug);
      const page = await request(app).get(`/offers/${slug}`).expect(200);
      expect(page.text).toContain(escapeExpression(offer.title));
    }
  });

  it('goes on numbering after the copied rows: a new offer gets the next id', async () => {
    const maxId = Number((await source.db('offers').max({ id: 'id' }).first())?.id);
    const place = await target.db('offer_locations').first('location_id');
    const providerId = (await target.db('locations').where({ id: place.location_id }).first('provider_id')).provider_id as number;
    const created = await createOffer(target.offerDeps, offerInput({ providerId, locationId: place.location_id as number }, { title: 'Nach dem Umzug' }));
    expect(created.id).toBe(maxId + 1);
  });

  it('rebuilds the database copy of the search documents there (it is not copied) and keeps it current', async () => {
    expect(copied.map((entry) => entry.table)).not.toContain('search_documents');
    const copyCount = async () => Number((await target.db('search_documents').count({ n: '*' }).first())?.n);
    // The source app still holds the copied leases for a moment; the target's copier rebuilds once it may.
    const expected = await countExpectedDocuments(target.db);
    for (let attempt = 0; attempt < 1200 && (await copyCount()) !== expected; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await copyCount()).toBe(expected);
    const place = await target.db('offer_locations').first('location_id');
    const providerId = (await target.db('locations').where({ id: place.location_id }).first('provider_id')).provider_id as number;
    const created = await createOffer(target.offerDeps, offerInput({ providerId, locationId: place.location_id as number }, { title: 'Kopie nach dem Umzug' }));
    const documentsOf = () => target.db('search_documents').where({ offer_id: created.id }).pluck('id');
    for (let attempt = 0; attempt < 400 && (await documentsOf()).length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await documentsOf()).toEqual([`${created.id}-${place.location_id}`]);
  });
});
