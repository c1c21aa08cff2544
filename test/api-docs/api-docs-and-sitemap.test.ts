import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema, mapResponseSchema, offerResponseSchema, searchResponseSchema } from '../../server/api-docs/api-v1-schemas.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

describe('API description, API page, sitemap and robots.txt', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let hidden: { offerSlug: string; providerSlug: string; draftSlug: string };

  beforeAll(async () => {
    services = await createTestServices({ DEMO_DATA: 'true', PUBLIC_URL: 'https://wegweiser.example' });
    app = createApp({ ...services, i18n: await createI18n() });
    const now = new Date().toISOString();
    const providerId = await insertProvider(services.db, { slug: 'ungeprueft-sitemap', name: 'Ungeprüft', description: '', kind: 'club' }, now, { verified: false });
    const locationId = await insertLocation(services.db, providerId, { name: 'Ort', street: 'Weg 1', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.44, longitude: 7.35, stepFree: false }, now);
    const offer = await createOffer(services.offerDeps, offerInput({ providerId, locationId }, { title: 'Nicht in der Sitemap' }));
    const draft = await createOffer(services.offerDeps, offerInput(await createProviderWithLocation(services.db), { title: 'Entwurf Sitemap', status: 'draft' }));
    hidden = { offerSlug: offer.slug, providerSlug: 'ungeprueft-sitemap', draftSlug: draft.slug };
  });
  afterAll(async () => services?.close());

  it('/api/v1/openapi.json is OpenAPI 3.1 generated from the schemas, and real answers match those schemas', async () => {
    const document = (await request(app).get('/api/v1/openapi.json').expect(200)).body;
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://wegweiser.example/api/v1' }]);
    expect(Object.keys(document.paths).sort()).toEqual(['/map', '/offers/{idOrSlug}', '/search']);
    const parameters = document.paths['/search'].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(parameters).toEqual(expect.arrayContaining(['q', 'where', 'district', 'category', 'cost', 'age', 'startsWithin', 'near', 'radius', 'bbox', 'sort', 'page']));
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['SearchResponse', 'SearchHit', 'Offer', 'Error', 'MapResponse']));
    const search = (await request(app).get('/api/v1/search?q=Deutschkurs').expect(200)).body;
    expect(searchResponseSchema.safeParse(search).error?.issues).toBeUndefined();
    expect(search.hits.length).toBeGreaterThan(0);
    expect(mapResponseSchema.safeParse((await request(app).get('/api/v1/map?category=language').expect(200)).body).error?.issues).toBeUndefined();
    expect(offerResponseSchema.safeParse((await request(app).get(`/api/v1/offers/${search.hits[0].slug}`).expect(200)).body).error?.issues).toBeUndefined();
    const bad = (await request(app).get('/api/v1/search?district=atlantis').expect(400)).body;
    expect(errorResponseSchema.safeParse(bad).error?.issues).toBeUndefined();
    expect(Object.keys(bad.error.fields)).toEqual(['district']);
  });

  it('/api lists every endpoint with an example that answers JSON, in German and in Arabic', async () => {
    const page = await request(app).get('/api').expect(200);
    expect(page.text).toContain('<h1>Offene Daten und Schnittstellen</h1>');
    const examples = [...page.text.matchAll(/<a href="(\/api\/[^"]+)" dir="ltr">/g)].map((match) => match[1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    expect(examples).toHaveLength(12);
    for (const example of examples) {
      const response = await request(app).get(example);
      expect(response.status, example).toBe(200);
      expect(response.headers['content-type'], example).toMatch(/application\/json/);
    }
    const arabic = await request(app).get('/api?lang=ar').expect(200);
    expect(arabic.text).toContain('dir="rtl"');
    expect(arabic.text).toContain('البيانات المفتوحة وواجهات البرمجة');
  });

  it('robots.txt allows public pages, keeps crawlers out of /admin and /account and names the sitemap', async () => {
    const robots = await request(app).get('/robots.txt').expect(200);
    expect(robots.headers['content-type']).toMatch(/text\/plain/);
    expect(robots.text.split('\n')).toEqual(expect.arrayContaining(['User-agent: *', 'Allow: /', 'Disallow: /admin', 'Disallow: /account', 'Sitemap: https://wegweiser.example/sitemap.xml']));
  });

  it('the sitemap lists every public offer and provider page with its last change, and nothing unpublished or unverified', async () => {
    const index = await request(app).get('/sitemap.xml').expect(200);
    expect(index.headers['content-type']).toMatch(/application\/xml/);
    const files = [...index.text.matchAll(/<loc>https:\/\/wegweiser\.example(\/sitemaps\/[^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(files).toEqual(['/sitemaps/providers.xml', '/sitemaps/offers-1.xml']);
    const offers = (await request(app).get('/sitemaps/offers-1.xml').expect(200)).text;
    const entries = [...offers.matchAll(/<url><loc>https:\/\/wegweiser\.example\/offers\/([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/g)].map((match) => [match[1], match[2]]);
    const published = await services.db('offers').join('providers', 'providers.id', 'offers.provider_id').where({ 'offers.status': 'published', 'providers.verified': true }).orderBy('offers.id').select('offers.slug', 'offers.updated_at');
    expect(entries).toEqual(published.map((row) => [encodeURIComponent(row.slug), new Date(row.updated_at).toISOString()]));
    expect(offers).not.toContain(hidden.offerSlug);
    expect(offers).not.toContain(hidden.draftSlug);
    const providers = (await request(app).get('/sitemaps/providers.xml').expect(200)).text;
    expect(providers).toContain('<loc>https://wegweiser.example/</loc>');
    expect(providers).toMatch(/<loc>https:\/\/wegweiser\.example\/providers\/[a-z0-9-]+<\/loc><lastmod>\d{4}-\d\d-\d\dT/);
    expect(providers).not.toContain(hidden.providerSlug);
    await request(app).get('/sitemaps/offers-2.xml').expect(404);
    await request(app).get('/sitemaps/offers-0.xml').expect(404);
  });
});
