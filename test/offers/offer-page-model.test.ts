import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import type { Offer } from '../../server/offers/offer-types.ts';
import { insertLocation } from '../../server/providers/provider-repository.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

/** Visible text of a page: tags out, entities and isolates left as they are. */
const textOf = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the offer page shows what real offers say', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let course: Offer;
  let sheltered: Offer;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
    const ids = await createProviderWithLocation(services.db);
    const now = new Date().toISOString();
    const townCentre = await insertLocation(services.db, ids.providerId, { name: 'Beratung im Stadtteil', street: null, postcode: null, city: 'Witten', district: 'witten', latitude: 51.4437, longitude: 7.3528, stepFree: false, precision: 'town' }, now);
    const shelter = await insertLocation(services.db, ids.providerId, { name: 'Frauenschutzwohnung', street: 'Geheimweg 3', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.45, longitude: 7.34, stepFree: false, addressOnRequest: true, precision: 'exact' }, now);
    course = await createOffer(services.offerDeps, offerInput(ids, {
      title: 'Deutschkurs A1 am Abend',
      cost: 'unknown',
      costNote: 'Kosten je nach Förderung',
      ageMin: 16,
      ageMax: 27,
      byAppointment: true,
      scheduleNote: 'nicht in den Schulferien',
      schedule: [{ weekday: 2, opensAt: '18:00', closesAt: '20:00', everyOtherWeek: true }],
      startDate: '2027-01-12',
      endDate: '2027-06-29',
      nextStartDate: '2027-09-07',
      rollingEntry: true,
      registrationRequired: true,
      registrationMethods: ['phone', 'counsellor'],
      registrationNote: 'Bitte vorher im Büro anrufen.',
      bringAlong: 'Ausweis und Aufenthaltstitel',
      interpreterOnRequest: true,
      translations: [{ locale: 'ar', title: 'دورة اللغة الألمانية A1 مساءً', summary: 'دورة مسائية', description: 'وصف', registrationNote: 'يرجى الاتصال بالمكتب مسبقاً.', bringAlong: null }],
      locationIds: [townCentre],
    }));
    sheltered = await createOffer(services.offerDeps, offerInput(ids, { title: 'Beratung für Frauen in Not', locationIds: [shelter, ids.locationId] }));
  });
  afterAll(async () => services?.close());

  it('in German: cost to ask with its note, every other week, by appointment, the schedule note, course dates, ages and how to register', async () => {
    const page = textOf((await request(app).get(`/offers/${course.slug}?lang=de`).expect(200)).text);
    expect(page).toContain('Kosten Bitte erfragen Kosten je nach Förderung');
    expect(page).toMatch(/Dienstag 18:00–20:00 \(alle 14 Tage\)/);
    expect(page).toContain('Nach Vereinbarung');
    expect(page).toContain('nicht in den Schulferien');
    expect(page).toContain('Kurs vom 12. Januar 2027 bis 29. Juni 2027');
    expect(page).toContain('Nächster Kursbeginn: 7. September 2027');
    expect(page).toContain('Einstieg jederzeit möglich');
    expect(page).toContain('16 bis 27 Jahre');
    expect(page).toContain('Anmeldung erforderlich');
    expect(page).toContain('Per Telefon');
    expect(page).toContain('Über eine Beratungsstelle');
    expect(page).toContain('Bitte vorher im Büro anrufen.');
    expect(page).toContain('Bitte mitbringen: Ausweis und Aufenthaltstitel');
    expect(page).toContain('Auf Wunsch wird eine Dolmetscherin oder ein Dolmetscher organisiert.');
    expect(page).toContain('Lage ungefähr: Ortsmitte');
  });

  it('in Arabic: the dates through Intl in Arabic, the translated registration note, German marked where there is no translation', async () => {
    const html = (await request(app).get(`/offers/${course.slug}?lang=ar`).expect(200)).text;
    const arabicDate = (iso: string) => new Intl.DateTimeFormat('ar', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(`${iso}T12:00:00Z`));
    expect(html).toContain(arabicDate('2027-01-12'));
    expect(html).toContain(arabicDate('2027-06-29'));
    expect(html).toContain(arabicDate('2027-09-07'));
    expect(html).not.toContain('12. Januar 2027');
    expect(html).toContain('يرجى الاستفسار');
    expect(html).toContain('كل أسبوعين');
    expect(html).toContain('يرجى الاتصال بالمكتب مسبقاً.');
    expect(html).toContain('عبر الهاتف');
    expect(html).toMatch(/<span lang="de" dir="auto">Ausweis und Aufenthaltstitel<\/span>/);
  });

  it('a place whose address is given on request shows its town, never its street or pin, in the page, the API and the JSON-LD', async () => {
    const response = await request(app).get(`/offers/${sheltered.slug}?lang=de`).expect(200);
    expect(response.text).not.toContain('Geheimweg');
    expect(response.text).not.toContain('51.45');
    expect(textOf(response.text)).toContain('Die genaue Adresse erhalten Sie auf Anfrage.');
    expect(response.text).toContain('Ruhrstraße 1');
    const api = (await request(app).get(`/api/v1/offers/${sheltered.id}`).expect(200)).body;
    expect(api.locations.find((location: { name: string }) => location.name === 'Frauenschutzwohnung')).toMatchObject({ name: 'Frauenschutzwohnung', street: null, postcode: null, lat: null, lng: null, city: 'Witten', addressOnRequest: true });
    expect(JSON.stringify(api)).not.toContain('Geheimweg');
  });

  it('/api/v1/offers/:id carries every new field, and the JSON-LD states ages, course dates and no false "free"', async () => {
    const api = (await request(app).get(`/api/v1/offers/${course.id}`).expect(200)).body;
    expect(api).toMatchObject({
      cost: 'unknown',
      costNote: 'Kosten je nach Förderung',
      scheduleNote: 'nicht in den Schulferien',
      startDate: '2027-01-12',
      endDate: '2027-06-29',
      nextStartDate: '2027-09-07',
      rollingEntry: true,
      registrationMethods: ['phone', 'counsellor'],
      registrationNote: 'Bitte vorher im Büro anrufen.',
      bringAlong: 'Ausweis und Aufenthaltstitel',
      interpreterOnRequest: true,
      externalId: null,
      source: null,
      schedule: [{ weekday: 2, opensAt: '18:00', closesAt: '20:00', everyOtherWeek: true }],
    });
    expect(api.locations[0]).toMatchObject({ street: null, postcode: null, precision: 'town', addressOnRequest: false });
    expect(api.translations[0]).toMatchObject({ locale: 'ar', registrationNote: 'يرجى الاتصال بالمكتب مسبقاً.', bringAlong: null });
    const html = (await request(app).get(`/offers/${course.slug}`).expect(200)).text;
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!.replace(/\\u003c/g, '<'));
    expect(jsonLd.audience).toEqual({ '@type': 'PeopleAudience', suggestedMinAge: 16, suggestedMaxAge: 27 });
    expect(jsonLd.isAccessibleForFree).toBeUndefined();
    expect(jsonLd.availableChannel[0].serviceLocation.geo).toBeUndefined();
    expect(jsonLd.hoursAvailable).toBeUndefined();
  });
});
