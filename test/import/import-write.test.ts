import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { runImport, type ImportResult } from '../../server/import/import-service.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { importDeps, messyCsv } from './import-fixture.ts';

const actor = { userId: null, label: 'redaktion@ki.example' };
const noProgress = () => undefined;

describe('importing a list writes it in one go, and again changes only what changed', () => {
  let services: TestServices;
  let first: ImportResult;
  const run = (buffer: Buffer, options: { publish?: boolean; decisions?: Record<string, number | 'new'> } = {}) =>
    runImport(importDeps(services, () => services.worker.notify()), { fileName: 'angebote.csv', buffer }, { decisions: options.decisions ?? {}, publish: options.publish ?? true }, actor, noProgress);

  beforeAll(async () => {
    services = await createTestServices();
    first = await run(messyCsv());
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it('creates the offers, providers and places of the valid rows and skips the bad one', async () => {
    expect(first.counts).toEqual({
      offers: { created: 10, updated: 0, unchanged: 0 },
      providers: { created: 6, updated: 0, unchanged: 0 },
      places: { created: 7, updated: 0, unchanged: 0 },
    });
    expect(first.skippedLines).toEqual([9]);
    const titles = (await services.db('offers').orderBy('title').select('title')).map((row) => row.title);
    expect(titles).not.toContain('Mentoring');
    expect(await services.db('providers').where({ name: 'AWO Unterbezirk EN e.V.' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('keeps what the file says: unknown cost, every other week, approximate places, provenance, the last check', async () => {
    const course = await services.db('offers').where({ external_id: 'A-2' }).first();
    expect([course.cost, course.source, course.last_verified_at]).toEqual(['unknown', 'KI-Liste 2026', '2026-11-15T00:00:00.000Z']);
    const swimming = await services.db('offers').where({ external_id: 'A-5' }).first('id', 'cost');
    expect(swimming.cost).toBe('reduced');
    expect(await services.db('offer_schedules').where({ offer_id: swimming.id }).select('weekday', 'opens_at', 'closes_at', 'every_other_week')).toEqual([{ weekday: 6, opens_at: '10:00', closes_at: '12:00', every_other_week: 1 }]);
    const schwelm = await services.db('locations').where({ district: 'schwelm' }).first('street', 'postcode', 'geo_precision', 'latitude');
    expect(schwelm).toEqual({ street: '', postcode: '', geo_precision: 'town', latitude: services.region.districts.find((d) => d.slug === 'schwelm')!.centre.lat });
    const exact = await services.db('locations').where({ street: 'Ruhrstraße 12' }).first('geo_precision', 'latitude', 'longitude');
    expect(exact).toEqual({ geo_precision: 'exact', latitude: 51.4437, longitude: 7.3528 });
    const today = await services.db('offers').where({ external_id: 'A-3' }).first('last_verified_at');
    expect(today.last_verified_at).toBe('2026-12-05T08:00:00.000Z');
  });

  it('makes published offers searchable and writes one audit entry with the counts', async () => {
    expect(await searchTitles(services, 'Schwimmkurs')).toEqual(['Schwimmkurs für Frauen']);
    expect(await searchTitles(services, 'Elterncafe')).toContain('Elterncafe im Familienzentrum');
    const audit = await services.db('audit_log').where({ action: 'import' }).select('details', 'actor_label');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toMatchObject({ file: 'angebote.csv', offers: { created: 10 }, overdue: 1 });
  });

  it('lists an offer overdue on import instead of mailing its provider', async () => {
    expect(first.overdue).toEqual([{ line: 12, title: 'Internationaler Frauentreff', lastVerified: '2024-02-03' }]);
    const overdue = await services.db('offers').where({ title: 'Internationaler Frauentreff' }).first('reminder_sent_at');
    expect(overdue.reminder_sent_at).toBe('2026-12-05T08:00:00.000Z');
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await services.db('offers').orderBy('id').select();
    const again = await run(messyCsv());
    expect(again.counts.offers).toEqual({ created: 0, updated: 0, unchanged: 10 });
    expect(again.counts.providers).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(again.counts.places).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(await services.db('offers').orderBy('id').select()).toEqual(before);
  });
});
