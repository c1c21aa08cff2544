import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../server/errors/app-errors.ts';
import { findOfferIdByExternalId, findOffersByIds } from '../../server/offers/offer-repository.ts';
import { parseOfferInput } from '../../server/offers/offer-schema.ts';
import { createOffer, updateOffer } from '../../server/offers/offer-service.ts';
import { findIdByExternalId, findLocationById, findProviderById, insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { createTestStorage, offerInput } from '../support/test-services.ts';

describe('the data model real offers need, stored and read back', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let deps: { db: typeof storage.db; taxonomy: typeof storage.taxonomy; clock: () => Date; notifySearch: () => void };
  let providerId: number;
  let exactId: number;
  let townOnlyId: number;
  const now = '2026-12-05T08:00:00.000Z';

  beforeAll(async () => {
    storage = await createTestStorage();
    deps = { db: storage.db, taxonomy: storage.taxonomy, clock: () => new Date(now), notifySearch: () => undefined };
    providerId = await insertProvider(storage.db, { slug: 'kommunales-integrationszentrum', name: 'KI Ennepe-Ruhr', description: '', kind: 'public', externalId: 'T-17', source: 'https://example.org/liste.xlsx' }, now);
    exactId = await insertLocation(storage.db, providerId, { name: 'Rathaus', street: 'Marktstraße 16', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.4378, longitude: 7.3358, stepFree: true }, now);
    townOnlyId = await insertLocation(
      storage.db,
      providerId,
      { name: 'Frauenberatung', street: null, postcode: null, city: 'Witten', district: 'witten', latitude: 51.44, longitude: 7.35, stepFree: false, addressOnRequest: true, precision: 'town', externalId: 'O-3', source: 'Liste 2026' },
      now,
    );
  });
  afterAll(async () => storage?.close());

  it('keeps every new offer field through the repository: cost unknown, every other week, schedule note, course dates, registration, provenance, translated registration texts', async () => {
    const input = offerInput({ providerId, locationId: exactId }, {
      cost: 'unknown',
      costNote: 'bitte im Büro erfragen',
      ageMin: 6,
      ageMax: null,
      byAppointment: true,
      scheduleNote: 'nicht in den Schulferien',
      schedule: [{ weekday: 2, opensAt: '14:00', closesAt: '16:00', everyOtherWeek: true }, { weekday: 4, opensAt: '09:00', closesAt: '11:00' }],
      startDate: '2027-01-12',
      endDate: '2027-06-30',
      nextStartDate: '2027-01-12',
      rollingEntry: true,
      registrationRequired: true,
      registrationMethods: ['phone', 'walk-in'],
      registrationNote: 'Bitte vorher anrufen.',
      bringAlong: 'Ausweis und Aufenthaltstitel',
      interpreterOnRequest: true,
      externalId: 'A-100',
      source: 'https://example.org/liste.xlsx',
      translations: [{ locale: 'ar', title: 'مقهى اللغة', summary: 'ملخص', description: 'وصف', registrationNote: 'يرجى الاتصال مسبقاً.', bringAlong: 'بطاقة الهوية' }],
      locationIds: [exactId, townOnlyId],
    });
    const created = await createOffer(deps, input);
    const [offer] = await findOffersByIds(storage.db, [created.id]);
    expect(offer).toMatchObject({
      cost: 'unknown',
      costNote: 'bitte im Büro erfragen',
      ageMin: 6,
      ageMax: null,
      byAppointment: true,
      scheduleNote: 'nicht in den Schulferien',
      startDate: '2027-01-12',
      endDate: '2027-06-30',
      nextStartDate: '2027-01-12',
      rollingEntry: true,
      registrationMethods: ['walk-in', 'phone'],
      registrationNote: 'Bitte vorher anrufen.',
      bringAlong: 'Ausweis und Aufenthaltstitel',
      interpreterOnRequest: true,
      externalId: 'A-100',
      source: 'https://example.org/liste.xlsx',
    });
    expect(offer!.schedule).toEqual([
      { weekday: 2, opensAt: '14:00', closesAt: '16:00', everyOtherWeek: true },
      { weekday: 4, opensAt: '09:00', closesAt: '11:00', everyOtherWeek: false },
    ]);
    expect(offer!.translations).toEqual([{ locale: 'ar', title: 'مقهى اللغة', summary: 'ملخص', description: 'وصف', registrationNote: 'يرجى الاتصال مسبقاً.', bringAlong: 'بطاقة الهوية' }]);
    expect(offer!.locations.map((location) => [location.street, location.postcode, location.addressOnRequest, location.precision, location.externalId])).toEqual([
      ['Marktstraße 16', '58452', false, 'exact', null],
      [null, null, true, 'town', 'O-3'],
    ]);
    expect(offer!.provider).toMatchObject({ externalId: 'T-17', source: 'https://example.org/liste.xlsx' });
    expect(await findOfferIdByExternalId(storage.db, 'A-100', 'https://example.org/liste.xlsx')).toBe(created.id);
    expect(await findOfferIdByExternalId(storage.db, 'A-100', 'andere Liste')).toBeUndefined();
    expect(await findIdByExternalId(storage.db, 'locations', 'O-3')).toBe(townOnlyId);
    expect(await findIdByExternalId(storage.db, 'providers', 'T-17', 'https://example.org/liste.xlsx')).toBe(providerId);
    expect((await findLocationById(storage.db, townOnlyId))?.source).toBe('Liste 2026');
    expect((await findProviderById(storage.db, providerId))?.externalId).toBe('T-17');
  });

  it('an edit without provenance (a form has none) keeps where an imported offer came from', async () => {
    const created = await createOffer(deps, offerInput({ providerId, locationId: exactId }, { title: 'Importiertes Angebot', externalId: 'A-200', source: 'Liste 2026' }));
    const { externalId: _id, source: _source, ...withoutProvenance } = offerInput({ providerId, locationId: exactId }, { title: 'Importiertes Angebot, bearbeitet' });
    const updated = await updateOffer(deps, created.id, withoutProvenance);
    expect(updated).toMatchObject({ title: 'Importiertes Angebot, bearbeitet', externalId: 'A-200', source: 'Liste 2026' });
  });

  it('refuses wrong values and names each field', () => {
    const bad = offerInput({ providerId, locationId: exactId }, {
      cost: 'maybe' as never,
      startDate: '2027-03-01',
      endDate: '2027-02-01',
      nextStartDate: '2027-02-30',
      registrationMethods: ['pigeon'] as never,
      schedule: [{ weekday: 2, opensAt: '10:00', closesAt: '12:00', everyOtherWeek: 'yes' as never }],
    });
    let fields: Record<string, string> = {};
    try {
      parseOfferInput(bad, storage.taxonomy);
    } catch (error) {
      if (error instanceof ValidationError) fields = error.fields;
    }
    expect(Object.keys(fields).sort()).toEqual(['cost', 'endDate', 'nextStartDate', 'registrationMethods.0', 'schedule.0.everyOtherWeek'].sort());
  });
});
