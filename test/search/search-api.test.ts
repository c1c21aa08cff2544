import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { distanceKm } from '../../server/region/region-config.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation } from '../../server/providers/provider-repository.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

interface ApiHit {
  id: number;
  slug: string;
  title: string;
  provider: { name: string; slug: string };
  districts: string[];
  languages: string[];
  categories: string[];
  location: { lat: number; lng: number; district: string } | null;
  distanceKm?: number;
}
interface ApiResult {
  total: number;
  page: number;
  pageSize: number;
  hits: ApiHit[];
  facets: Record<'district' | 'language' | 'target' | 'category' | 'cost' | 'weekday' | 'format' | 'childcare' | 'accessible' | 'women', Record<string, number>>;
}

describe('GET /api/v1/search on the demo directory', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const search = async (query: string): Promise<ApiResult> => (await request(app).get(`/api/v1/search?${query}`).expect(200)).body;

  beforeAll(async () => {
    services = await createTestServices({ DEMO_DATA: 'true' });
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('answers total, page, pageSize, hits with id, slug, title, provider, districts, languages, and facets', async () => {
    const result = await search('q=Deutschkurs');
    expect(result.total).toBeGreaterThan(5);
    expect(result.pageSize).toBe(20);
    const hit = result.hits[0]!;
    expect(hit).toMatchObject({ id: expect.any(Number), slug: expect.any(String), title: expect.any(String), provider: { name: expect.any(String) } });
    expect(hit.districts.length).toBeGreaterThan(0);
    expect(hit.languages).toContain('de');
    expect(Object.keys(result.facets).sort()).toEqual(['accessible', 'category', 'childcare', 'cost', 'district', 'format', 'language', 'open', 'target', 'weekday', 'women']);
  });

  it('lists an offer once even when it runs in several towns', async () => {
    const all = await search('');
    const ids: number[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 20); page += 1) ids.push(...(await search(`page=${page}`)).hits.map((hit) => hit.id));
    expect(new Set(ids).size).toBe(ids.length);
    // Every published offer exactly once (other tests of this file may publish more).
    const published = Number((await services.db('offers').where({ status: 'published' }).count({ n: '*' }).first())?.n);
    expect(ids.length).toBe(published);
    expect(all.total).toBe(published);
  });

  it('district counts are disjunctive: with Witten chosen, every other town still shows the count it would get', async () => {
    const withWitten = await search('district=witten');
    for (const district of services.region.districts) {
      const alone = await search(`district=${district.slug}`);
      expect(withWitten.facets.district[district.slug] ?? 0, district.slug).toBe(alone.total);
    }
    const both = await search('district=witten&district=hattingen');
    expect(both.total).toBeGreaterThan(withWitten.total);
    expect(both.hits.every((hit) => hit.districts.includes('witten') || hit.districts.includes('hattingen'))).toBe(true);
  });

  it('language and target counts match the totals they lead to, also under other filters', async () => {
    const base = await search('district=schwelm&language=ar');
    for (const [language, count] of Object.entries(base.facets.language).slice(0, 6)) {
      expect((await search(`district=schwelm&language=${language}`)).total, language).toBe(count);
    }
    for (const [target, count] of Object.entries(base.facets.target).slice(0, 4)) {
      expect((await search(`district=schwelm&language=ar&target=${target}`)).total, target).toBe(count);
    }
  });

  it('a top-level category includes its sub-categories', async () => {
    const language = await search('category=language');
    const integration = await search('category=integration-course');
    const german = await search('category=german-course');
    expect(language.total).toBeGreaterThanOrEqual(integration.total + german.total);
    expect(language.facets.category['integration-course']).toBe(integration.total);
    expect(integration.hits.every((hit) => hit.categories.includes('language'))).toBe(true);
  });

  it('yes/no filters narrow the result to offers that have them', async () => {
    const all = await search('');
    const childcare = await search('childcare=1');
    expect(childcare.total).toBe(all.facets.childcare.true);
    expect(childcare.total).toBeLessThan(all.total);
    const women = await search('women=1&category=language');
    expect(women.total).toBeGreaterThan(0);
  });

  it('near + radius keeps results within the radius, sorts them by distance and reports it', async () => {
    const hattingen = services.region.districts.find((district) => district.slug === 'hattingen')!.centre;
    const result = await search(`near=${hattingen.lat},${hattingen.lng}&radius=3`);
    expect(result.total).toBeGreaterThan(0);
    const distances = result.hits.map((hit) => hit.distanceKm!);
    expect(distances.every((km) => km <= 3.05)).toBe(true);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const hit of result.hits) expect(Math.abs(distanceKm(hattingen, hit.location!) - hit.distanceKm!)).toBeLessThan(0.06);
  });

  it('where=<postcode> searches around that postcode', async () => {
    const result = await search('where=45549&radius=2');
    expect(result.total).toBeGreaterThan(0);
    expect(result.hits.every((hit) => hit.location?.district === 'sprockhoevel')).toBe(true);
    expect((await request(app).get('/api/v1/search?where=Atlantis').expect(400)).body.error.fields.where).toBeDefined();
  });

  it('a map-area search counts every offer once, also offers with several places in the area', async () => {
    const whole = 'bbox=51.2,7.0,51.5,7.6';
    const first = await search(whole);
    const ids: number[] = [];
    for (let page = 1; page <= Math.ceil(first.total / 20) + 1; page += 1) ids.push(...(await search(`${whole}&page=${page}`)).hits.map((hit) => hit.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.total).toBe(ids.length);
    const severalPlaces: Array<{ offer_id: number }> = await services.db('offer_locations').select('offer_id').groupBy('offer_id').havingRaw('count(*) > 1');
    // The area holds every place of the region, so these offers have two or more places in it.
    expect(severalPlaces.filter((row) => ids.includes(row.offer_id)).length).toBeGreaterThan(0);
  });

  it('a map-area search counts an offer found only at its second place', async () => {
    const ids = await createProviderWithLocation(services.db, 'Zwei-Orte-Verein');
    // Away from every postcode and town centre: the demo pins some approximate places exactly there.
    const second = { latitude: 51.39813, longitude: 7.19377 };
    const secondId = await insertLocation(services.db, ids.providerId, { name: 'Zweiter Ort', street: 'Am Testweg 2', postcode: '45525', city: 'Hattingen', district: 'hattingen', ...second, stepFree: false }, new Date().toISOString());
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Nähstube an zwei Orten', locationIds: [ids.locationId, secondId] }));
    await services.worker.drain();
    const box = [second.latitude - 0.0002, second.longitude - 0.0002, second.latitude + 0.0002, second.longitude + 0.0002].map((n) => n.toFixed(5)).join(',');
    const result = await search(`bbox=${box}`);
    expect(result.hits.map((hit) => hit.id)).toEqual([offer.id]);
    expect(result.total).toBe(1);
  });

  it('bbox keeps only offers placed inside the box', async () => {
    const bbox = { south: 51.38, west: 7.3, north: 51.47, east: 7.4 };
    const result = await search(`bbox=${bbox.south},${bbox.west},${bbox.north},${bbox.east}`);
    expect(result.total).toBeGreaterThan(0);
    for (const hit of result.hits) {
      expect(hit.location!.lat).toBeGreaterThanOrEqual(bbox.south);
      expect(hit.location!.lat).toBeLessThanOrEqual(bbox.north);
      expect(hit.location!.lng).toBeGreaterThanOrEqual(bbox.west);
      expect(hit.location!.lng).toBeLessThanOrEqual(bbox.east);
    }
  });

  it('sort=title orders alphabetically and pages do not overlap', async () => {
    const first = await search('sort=title&category=counselling');
    const second = await search('sort=title&category=counselling&page=2');
    const titles = first.hits.map((hit) => hit.title.toLocaleLowerCase('de'));
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(second.page).toBe(2);
    expect(second.hits.map((hit) => hit.id).filter((id) => first.hits.some((hit) => hit.id === id))).toEqual([]);
  });

  it('GET /api/v1/offers/<id or slug> answers one published offer, 404 otherwise', async () => {
    const [hit] = (await search('q=Sprachcafé')).hits;
    const bySlug = await request(app).get(`/api/v1/offers/${hit!.slug}`).expect(200);
    const byId = await request(app).get(`/api/v1/offers/${hit!.id}`).expect(200);
    expect(byId.body).toEqual(bySlug.body);
    expect(bySlug.body).toMatchObject({ id: hit!.id, slug: hit!.slug, provider: { slug: hit!.provider.slug } });
    expect(bySlug.body.locations.length).toBeGreaterThan(0);
    const draft = await services.db('offers').where({ status: 'draft' }).first('id', 'slug');
    expect((await request(app).get(`/api/v1/offers/${draft.slug}`).expect(404)).body.error.code).toBe('not_found');
    await request(app).get('/api/v1/offers/no-such-offer').expect(404);
  });

  it('GET /api/v1/map returns every matching place, not only the first page', async () => {
    const { body } = await request(app).get('/api/v1/map?category=language').expect(200);
    const listed = await search('category=language');
    const placed = listed.total - (listed.facets.format.online ?? 0);
    expect(placed).toBeGreaterThan(20);
    expect(new Set(body.markers.map((marker: { offerId: number }) => marker.offerId)).size).toBe(placed);
    expect(body.markers.length).toBeGreaterThanOrEqual(placed);
  });
});
