import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPublishedOffers, exportSearchResults } from '../../server/export/export-service.ts';
import { escapeFormula } from '../../server/export/export-writer.ts';
import { runImport } from '../../server/import/import-service.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { emptyQuery } from '../../server/search/search-query.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { importDeps, messyCsv } from './import-fixture.ts';

const actor = { userId: null, label: 'redaktion@ki.example' };

describe('export', () => {
  let services: TestServices;
  const deps = () => importDeps(services, () => services.worker.notify());

  beforeAll(async () => {
    services = await createTestServices();
    await runImport(deps(), { fileName: 'angebote.csv', buffer: messyCsv() }, { decisions: {}, publish: true }, actor, () => undefined);
    // An offer typed in the app (no external id, every model field set, two places) must survive the round trip too.
    const ids = await createProviderWithLocation(services.db, 'Kulturverein Brücke e.V.');
    const second = await services.db('locations').insert({ provider_id: ids.providerId, name: 'Garten', street: '', postcode: '58453', city: 'Witten', district: 'witten', latitude: 51.447, longitude: 7.368, geo_precision: 'postcode', step_free: false, address_on_request: true, created_at: '2026-12-01', updated_at: '2026-12-01' }).returning('id');
    await createOffer(services.offerDeps, offerInput(ids, {
      title: '=Theater "Brücke"; für alle',
      description: 'Zeile eins\nZeile zwei',
      cost: 'paid', costNote: '5 € im Monat', ageMin: 12, ageMax: 99, byAppointment: true, scheduleNote: 'nicht in den Ferien',
      startDate: '2027-01-12', endDate: '2027-06-30', nextStartDate: '2027-02-01', rollingEntry: true,
      registrationRequired: true, registrationMethods: ['phone', 'email'], registrationNote: 'bis Freitag', bringAlong: 'Ausweis', interpreterOnRequest: true,
      phone: '+49 2302 5555', email: 'theater@bruecke.example', url: 'https://bruecke.example',
      schedule: [{ weekday: 5, opensAt: '18:00', closesAt: '20:00', everyOtherWeek: true }],
      locationIds: [ids.locationId, Number(typeof second[0] === 'object' ? second[0].id : second[0])],
      lastVerifiedAt: '2026-11-20T10:11:12.000Z',
    }));
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it('writes CSV for German Excel: BOM, semicolons, CRLF, quoted line breaks, formulas defused', async () => {
    const file = await exportPublishedOffers({ db: services.db, vocabulary: deps().vocabulary }, 'csv', '2026-12-05');
    expect(file.fileName).toBe('wegweiser-angebote-2026-12-05.csv');
    expect([...file.buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.buffer.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]!.startsWith('Angebots-ID (extern);Titel;Kurzbeschreibung;')).toBe(true);
    const records = parse(text, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    const theatre = records.filter((record) => record.Titel!.includes('Theater'));
    expect(theatre.map((record) => [record.Titel, record['Wochentage und Zeiten'], record['14-täglich'], record.Telefon, record.Beschreibung])).toEqual([
      ["'=Theater \"Brücke\"; für alle", 'Fr 18:00-20:00', 'ja', "'+49 2302 5555", 'Zeile eins\nZeile zwei'],
      ["'=Theater \"Brücke\"; für alle", 'Fr 18:00-20:00', 'ja', "'+49 2302 5555", 'Zeile eins\nZeile zwei'],
    ]);
    expect(records.filter((record) => record['Angebots-ID (extern)'] === 'A-1').map((record) => [record.Themen, record.Sprachen, record.Kosten, record.Stadt])).toEqual([
      ['Sprachcafé, Begegnungscafé', 'Arabisch, Deutsch, Persisch (Farsi)', 'kostenlos', 'Witten'],
    ]);
    expect(records).toHaveLength(12);
    expect(escapeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`re-imports its own ${format.toUpperCase()} without changes`, async () => {
      const file = await exportPublishedOffers({ db: services.db, vocabulary: deps().vocabulary }, format, '2026-12-05');
      const before = await services.db('offers').orderBy('id').select();
      const result = await runImport(deps(), { fileName: file.fileName, buffer: file.buffer }, { decisions: {}, publish: true }, actor, () => undefined);
      expect(result.counts).toEqual({
        offers: { created: 0, updated: 0, unchanged: 11 },
        providers: { created: 0, updated: 0, unchanged: 7 },
        places: { created: 0, updated: 0, unchanged: 9 },
      });
      expect(await services.db('offers').orderBy('id').select()).toEqual(before);
    });
  }

  it('downloads the current result list of a search with its filters', async () => {
    const file = await exportSearchResults({ db: services.db, engine: services.engine, vocabulary: deps().vocabulary }, { ...emptyQuery(), district: ['hattingen'] }, 'csv', '2026-12-05');
    const records = parse(file.buffer.toString('utf8').slice(1), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(records.map((record) => record.Titel).sort()).toEqual(['Beratung für Geflüchtete', 'Hausaufgabenhilfe']);
  });
});
