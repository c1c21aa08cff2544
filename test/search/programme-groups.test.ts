import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation } from '../../server/providers/provider-repository.ts';
import { programmeKeyOf } from '../../server/search/programme-groups.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

describe('programme key', () => {
  it('leaves the offer\'s own town out of the title', () => {
    const place = (city: string, district: string) => ({ city, district }) as never;
    const key = (title: string, city: string, district: string) => programmeKeyOf({ title, locations: [place(city, district)], provider: { slug: 'ki' } });
    expect(key('Rucksack KiTa – Witten', 'Witten', 'witten')).toBe(key('Rucksack KiTa – Gevelsberg', 'Gevelsberg', 'gevelsberg'));
    expect(key('Rucksack KiTa', 'Witten', 'witten')).not.toBe(key('Rucksack Schule', 'Witten', 'witten'));
  });
});

describe('near-identical offers of one programme in several towns', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
    const ki = await createProviderWithLocation(services.db, 'Kommunales Integrationszentrum');
    const now = new Date().toISOString();
    const places = [
      ['Kita Berge', 'Bergstraße 50', '58285', 'Gevelsberg', 'gevelsberg', 51.327, 7.35],
      ['Kita Welper', 'Thingstraße 8', '45527', 'Hattingen', 'hattingen', 51.41, 7.2],
    ] as const;
    await createOffer(services.offerDeps, offerInput(ki, { slug: 'rucksack-witten', title: 'Rucksack KiTa Witten', summary: 'Elternprogramm.', categories: ['rucksack'] }));
    for (const [name, street, postcode, city, district, latitude, longitude] of places) {
      const locationId = await insertLocation(services.db, ki.providerId, { name, street, postcode, city, district, latitude, longitude, stepFree: false }, now);
      await createOffer(services.offerDeps, offerInput({ providerId: ki.providerId, locationId }, { slug: `rucksack-${district}`, title: `Rucksack KiTa ${city}`, summary: 'Elternprogramm.', categories: ['rucksack'] }));
    }
    const other = await createProviderWithLocation(services.db, 'Familienzentrum Witten');
    await createOffer(services.offerDeps, offerInput(other, { slug: 'rucksack-familienzentrum', title: 'Rucksack KiTa Witten', summary: 'Elternprogramm im Familienzentrum.', categories: ['rucksack'] }));
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  const cardsOf = (html: string) => html.match(/<li class="result-card"/g)?.length ?? 0;

  it('are one card "at 3 places" with a link to each, beside the same title of another provider', async () => {
    const page = await request(app).get('/search').query({ q: 'Rucksack' }).expect(200);
    expect(cardsOf(page.text)).toBe(2);
    expect(page.text).toContain('Gleiches Angebot an 3 Orten:');
    for (const slug of ['rucksack-witten', 'rucksack-gevelsberg', 'rucksack-hattingen']) expect(page.text).toMatch(new RegExp(`href="/offers/${slug}[?"]`));
  });

  it('the count still counts offers, and the API lists each offer', async () => {
    const page = await request(app).get('/search').query({ q: 'Rucksack' }).expect(200);
    expect(page.text).toContain('4 Angebote gefunden');
    const api = await request(app).get('/api/v1/search').query({ q: 'Rucksack' }).expect(200);
    expect(api.body.hits).toHaveLength(4);
  });

  it('are listed one by one when a town is chosen or the list is sorted by distance', async () => {
    expect(cardsOf((await request(app).get('/search').query({ q: 'Rucksack', district: ['witten', 'gevelsberg'] }).expect(200)).text)).toBe(3);
    expect(cardsOf((await request(app).get('/search').query({ q: 'Rucksack', where: '58452', radius: '50' }).expect(200)).text)).toBe(4);
  });
});
