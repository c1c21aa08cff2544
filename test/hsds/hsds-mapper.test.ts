import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHsdsContext, type HsdsContext } from '../../server/hsds/hsds-context.ts';
import { uuidV5 } from '../../server/hsds/hsds-ids.ts';
import { toHsdsService } from '../../server/hsds/hsds-service-mapper.ts';
import type { Location, Offer } from '../../server/offers/offer-types.ts';
import { loadRegion } from '../../server/region/region-config.ts';
import { readTaxonomyFiles, Taxonomy } from '../../server/taxonomy/taxonomy.ts';
import { compileHsdsSchema, hsdsErrors } from '../support/hsds-schemas.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

function place(overrides: Partial<Location> = {}): Location {
  return {
    id: 7, providerId: 3, name: 'Beratungsstelle', street: 'Bahnhofstraße 12', postcode: '58452', city: 'Witten', district: 'witten',
    latitude: 51.43671, longitude: 7.33529, stepFree: true, addressOnRequest: false, precision: 'exact', externalId: null, source: null, ...overrides,
  };
}

function offer(overrides: Partial<Offer> = {}): Offer {
  const now = '2026-11-20T08:00:00.000Z';
  return {
    id: 42, slug: 'deutschkurs', providerId: 3, title: 'Deutschkurs A1', summary: 'Deutsch für den Alltag.', description: 'Ein Kurs.', cost: 'free', costNote: null,
    ageMin: null, ageMax: null, byAppointment: false, scheduleNote: null, startDate: null, endDate: null, nextStartDate: null, rollingEntry: false,
    format: 'in-person', registrationRequired: false, registrationMethods: [], registrationNote: null, bringAlong: null, interpreterOnRequest: false,
    childcare: false, womenOnly: false, contactName: null, phone: null, email: null, url: null, validFrom: null, validUntil: null, externalId: null, source: null,
    status: 'published', lastVerifiedAt: null, publishedAt: now, createdAt: now, updatedAt: now, categories: ['german-course'], targetGroups: ['adults'],
    languages: ['de'], schedule: [{ weekday: 1, opensAt: '09:00', closesAt: '12:00', everyOtherWeek: false }], translations: [], locations: [place()],
    provider: { id: 3, slug: 'vhs', name: 'VHS Witten', description: 'Volkshochschule', kind: 'adult-education-centre', website: 'www.vhs-witten.example', email: null, phone: null, externalId: null, source: null, createdAt: now, updatedAt: now },
    ...overrides,
  };
}

describe('offer → HSDS service', () => {
  let ctx: HsdsContext;
  const validate = () => compileHsdsSchema('compiled/service.json');
  let validService: ReturnType<typeof validate>;

  beforeAll(() => {
    const region = loadRegion(path.join(root, 'data', 'regions'), 'ennepe-ruhr-kreis');
    ctx = createHsdsContext({ region, taxonomy: new Taxonomy(readTaxonomyFiles(path.join(root, 'data', 'taxonomy'), region)), baseUrl: 'https://wegweiser.example/' });
    validService = validate();
  });

  it('UUIDv5 follows RFC 9562 (the DNS example)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('every other week is a weekly rule with interval 2 starting at the course start; the dated course bounds the schedule', () => {
    const service = toHsdsService(
      offer({ schedule: [{ weekday: 3, opensAt: '17:00', closesAt: '19:00', everyOtherWeek: true }], startDate: '2027-01-13', endDate: '2027-06-30', nextStartDate: '2027-01-13', scheduleNote: 'nicht in den Schulferien' }),
      ctx,
    );
    expect(hsdsErrors(validService, service)).toEqual([]);
    expect(service.schedules).toEqual([
      expect.objectContaining({ freq: 'WEEKLY', interval: 2, byday: 'WE', opens_at: '17:00', closes_at: '19:00', dtstart: '2027-01-13', until: '2027-06-30', valid_from: '2027-01-13', valid_to: '2027-06-30', notes: 'nicht in den Schulferien', description: 'Mittwoch 17:00–19:00, alle zwei Wochen' }),
    ]);
    expect(service.x_next_start_date).toBe('2027-01-13');
  });

  it('by appointment only: one schedule saying so; rolling entry and registration ways become feature attributes and text', () => {
    const service = toHsdsService(offer({ schedule: [], byAppointment: true, rollingEntry: true, registrationRequired: true, registrationMethods: ['phone', 'walk-in'], registrationNote: 'Bitte vorher anrufen.', bringAlong: 'Aufenthaltstitel', interpreterOnRequest: true }), ctx);
    expect(hsdsErrors(validService, service)).toEqual([]);
    expect(service.schedules).toEqual([expect.objectContaining({ description: 'Termine nach Vereinbarung.' })]);
    expect(service.schedules?.[0]?.freq).toBeUndefined();
    expect(service.application_process).toBe('Anmeldung nötig. Anmeldung: telefonisch, einfach vorbeikommen. Bitte vorher anrufen.');
    expect(service.required_documents).toEqual([expect.objectContaining({ document: 'Aufenthaltstitel' })]);
    expect(service.interpretation_services).toBe('Dolmetschen auf Anfrage möglich.');
    const features = service.attributes?.filter((attribute) => attribute.link_type === 'feature').map((attribute) => attribute.taxonomy_term?.code);
    expect(features).toEqual(['format-in-person', 'by-appointment', 'registration-required', 'registration-phone', 'registration-walk-in', 'interpreter-on-request', 'rolling-entry']);
  });

  it('cost: free is amount 0 in EUR, unknown has no cost option and says "bitte erfragen"', () => {
    expect(toHsdsService(offer({ cost: 'free' }), ctx).cost_options).toEqual([expect.objectContaining({ option: 'kostenlos', amount: 0, currency: 'EUR' })]);
    const unknown = toHsdsService(offer({ cost: 'unknown', costNote: 'je nach Einkommen' }), ctx);
    expect(unknown.cost_options).toEqual([]);
    expect(unknown.fees_description).toBe('Kosten bitte erfragen. je nach Einkommen');
    expect(hsdsErrors(validService, unknown)).toEqual([]);
  });

  it('a place with the address on request has no address and a coarse pin; an approximate pin says so', () => {
    const service = toHsdsService(offer({ locations: [place({ addressOnRequest: true, precision: 'postcode', street: null })] }), ctx);
    expect(hsdsErrors(validService, service)).toEqual([]);
    const location = service.service_at_locations?.[0]?.location;
    expect(location?.addresses).toEqual([]);
    expect([location?.latitude, location?.longitude]).toEqual([51.44, 7.34]);
    expect(location?.description).toBe('Die Adresse wird auf Anfrage mitgeteilt. Die Kartenposition zeigt nur das Postleitzahlgebiet.');
    expect(location?.attributes?.map((attribute) => [attribute.taxonomy_term?.code, attribute.value])).toEqual([['step-free', undefined], ['address-on-request', undefined], ['pin-precision', 'postcode']]);
    const exact = toHsdsService(offer(), ctx).service_at_locations?.[0]?.location;
    expect(exact?.addresses?.[0]).toMatchObject({ address_1: 'Bahnhofstraße 12', postal_code: '58452', region: 'Witten', state_province: 'Nordrhein-Westfalen', country: 'DE' });
    expect(exact?.latitude).toBe(51.43671);
  });

  it('an online offer has the region as its service area and no places; bad e-mail and web addresses are left out, a bare host gets https', () => {
    const service = toHsdsService(offer({ format: 'online', locations: [], email: 'not an address', url: 'javascript:alert(1)' }), ctx);
    expect(hsdsErrors(validService, service)).toEqual([]);
    expect(service.service_areas?.map((area) => area.name)).toEqual(['Ennepe-Ruhr-Kreis']);
    expect(service.email).toBeUndefined();
    expect(service.url).toBeUndefined();
    expect(service.organization?.website).toBe('https://www.vhs-witten.example/');
  });

  it('provenance travels as extension fields; translations with registration texts as x_translations', () => {
    const service = toHsdsService(
      offer({ externalId: 'row-17', source: 'ki-liste-2026', translations: [{ locale: 'uk', title: 'Курс німецької', summary: 'Коротко', description: 'Опис', registrationNote: 'Зателефонуйте', bringAlong: null }] }),
      ctx,
    );
    expect(service).toMatchObject({ x_external_id: 'row-17', x_source: 'ki-liste-2026' });
    expect(service.x_translations).toEqual([{ language: 'uk', name: 'Курс німецької', summary: 'Коротко', description: 'Опис', registration_note: 'Зателефонуйте' }]);
  });
});
