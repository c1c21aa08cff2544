import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

/**
 * A counselling place whose address is given on request (a shelter, say) keeps
 * its street and exact pin out of every public view: the offer page, its
 * JSON-LD, the API, the shortlist and referral sheet, and the result download.
 */
describe('a place whose address is given on request', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let offerId: number;
  const STREET = 'Geheimweg 7';

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
    const now = new Date().toISOString();
    const providerId = await insertProvider(services.db, { slug: 'frauenberatung', name: 'Frauenberatung EN', description: '', kind: 'welfare-association' }, now);
    const locationId = await insertLocation(
      services.db,
      providerId,
      { name: 'Beratungsstelle', street: STREET, postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.43781, longitude: 7.33512, stepFree: false, addressOnRequest: true, precision: 'exact' },
      now,
    );
    offerId = (await createOffer(services.offerDeps, offerInput({ providerId, locationId }, { slug: 'beratung-bei-gewalt', title: 'Beratung bei Gewalt' }))).id;
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it('the offer page and its JSON-LD name the town, not the street or the pin', async () => {
    const page = await request(app).get('/offers/beratung-bei-gewalt').expect(200);
    expect(page.text).toContain('Witten');
    expect(page.text).not.toContain(STREET);
    expect(page.text).not.toContain('51.43781');
  });

  it('the public API leaves street and pin out', async () => {
    const offer = (await request(app).get(`/api/v1/offers/${offerId}`).expect(200)).body;
    expect(offer.locations).toEqual([expect.objectContaining({ street: null, lat: null, lng: null, city: 'Witten' })]);
  });

  it('the referral sheet and the search download leave the street out', async () => {
    const sheet = await request(app).get('/shortlist/sheet').query({ ids: String(offerId), client: 'ar' }).expect(200);
    expect(sheet.text).toContain('Beratung bei Gewalt');
    expect(sheet.text).not.toContain(STREET);
    const csv = await request(app).get('/search/export.csv').query({ q: 'Beratung' }).expect(200);
    expect(csv.text).toContain('Beratung bei Gewalt');
    expect(csv.text).not.toContain(STREET);
    expect(csv.text).not.toContain('51.43781');
  });
});
