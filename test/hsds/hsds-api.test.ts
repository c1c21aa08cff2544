import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createIdMaker, isUuid } from '../../server/hsds/hsds-ids.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { compileHsdsSchema, hsdsErrors, type HsdsSchemaFile } from '../support/hsds-schemas.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}
type Json = Record<string, any>;

describe('HSDS 3.0 API under /api/hsds on the demo directory', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const get = async (path: string, status = 200) => (await request(app).get(path).expect(status)).body;
  const expectValid = (file: HsdsSchemaFile, record: unknown) => expect(hsdsErrors(compileHsdsSchema(file), record), `${file}: ${JSON.stringify(record).slice(0, 300)}`).toEqual([]);
  const expectPage = (page: Page<unknown>, itemSchema: HsdsSchemaFile) => {
    expect(Object.keys(page).sort()).toEqual(['contents', 'empty', 'first_page', 'last_page', 'page_number', 'size', 'total_items', 'total_pages']);
    expect(page.size).toBe(page.contents.length);
    expect(page.empty).toBe(page.contents.length === 0);
    for (const record of page.contents) expectValid(itemSchema, record);
  };
  const ids = () => createIdMaker(services.region.slug);
  let rich: { offerId: number; providerId: number; locationId: number; hiddenOfferId: number; draftId: number; unreviewedId: number };

  beforeAll(async () => {
    services = await createTestServices({ DEMO_DATA: 'true', PUBLIC_URL: 'https://wegweiser.example' });
    app = createApp({ ...services, i18n: await createI18n() });
    const place = await createProviderWithLocation(services.db, 'HSDS-Testträger');
    const offer = await createOffer(services.offerDeps, offerInput(place, {
      title: 'Elterncafé mit allem',
      cost: 'reduced',
      costNote: '2 € pro Treffen',
      ageMin: 18,
      ageMax: 99,
      byAppointment: true,
      registrationRequired: true,
      childcare: true,
      contactName: 'Frau Beispiel',
      email: 'cafe@example.org',
      phone: '02302 123456',
      url: 'https://example.org/cafe',
      lastVerifiedAt: '2026-11-01T10:00:00.000Z',
      categories: ['language-cafe', 'parent-cafe'],
      targetGroups: ['parents', 'women'],
      translations: [{ locale: 'ar', title: 'مقهى الآباء', summary: 'لقاء', description: 'وصف' }],
    }));
    const now = new Date().toISOString();
    const unreviewedId = await insertLocation(services.db, place.providerId, { name: 'Neuer Ort', street: 'Hauptstraße 9', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.44, longitude: 7.35, stepFree: false }, now, { reviewed: false });
    await services.db('offer_locations').insert({ offer_id: offer.id, location_id: unreviewedId });
    const hiddenProvider = await insertProvider(services.db, { slug: 'unverified-hsds', name: 'Ungeprüfter Träger', description: '', kind: 'club' }, now, { verified: false });
    const hiddenPlace = await insertLocation(services.db, hiddenProvider, { name: 'Ort', street: 'Weg 1', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.44, longitude: 7.35, stepFree: false }, now);
    const hidden = await createOffer(services.offerDeps, offerInput({ providerId: hiddenProvider, locationId: hiddenPlace }, { title: 'Angebot eines ungeprüften Trägers' }));
    const draft = await createOffer(services.offerDeps, offerInput(place, { title: 'Entwurf HSDS', status: 'draft' }));
    rich = { offerId: offer.id, providerId: place.providerId, locationId: place.locationId, hiddenOfferId: hidden.id, draftId: draft.id, unreviewedId };
  });
  afterAll(async () => services?.close());

  it('/ names the HSDS version, the profile and the OpenAPI address, open to every origin and without a cookie', async () => {
    const response = await request(app).get('/api/hsds/').expect(200);
    expect(response.body).toEqual({ version: '3.0', profile: 'https://wegweiser.example/api#hsds', openapi_url: 'https://wegweiser.example/api/hsds/openapi.json' });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['set-cookie']).toBeUndefined();
    const openapi = await get('/api/hsds/openapi.json');
    expect(Object.keys(openapi.paths)).toContain('/service_at_locations/{id}');
  });

  it('/services pages through exactly the published offers of verified providers, each valid against service_list', async () => {
    const published = await services.db('offers').join('providers', 'providers.id', 'offers.provider_id').where({ 'offers.status': 'published', 'providers.verified': true }).count({ n: '*' }).first();
    const first: Page<Json> = await get('/api/hsds/services?per_page=200');
    expect(first.total_items).toBe(Number(published?.n));
    expect(first.total_pages).toBe(Math.ceil(first.total_items / 200));
    expect(first).toMatchObject({ page_number: 1, first_page: true, last_page: false, size: 200 });
    const seen: string[] = [];
    for (let page = 1; page <= first.total_pages; page += 1) {
      const body: Page<Json> = await get(`/api/hsds/services?per_page=200&page=${page}`);
      expectPage(body, 'compiled/service_list.json');
      seen.push(...body.contents.map((service) => service.id));
      expect(body.last_page).toBe(page === first.total_pages);
    }
    expect(new Set(seen).size).toBe(first.total_items);
    expect(seen).toContain(ids().record('service', rich.offerId));
    expect(seen).not.toContain(ids().record('service', rich.hiddenOfferId));
    expect(seen).not.toContain(ids().record('service', rich.draftId));
    const beyond: Page<Json> = await get(`/api/hsds/services?per_page=200&page=${first.total_pages + 1}`);
    expect(beyond).toMatchObject({ size: 0, empty: true, last_page: true, first_page: false });
  });

  // Compiling the official schemas (megabytes each) is slow on a shared machine.
  it('full services validate against the compiled service schema; minimal ones carry id, name, status and last_modified', { timeout: 240_000 }, async () => {
    const full: Page<Json> = await get('/api/hsds/services?full=true&per_page=40&page=2');
    expect(full.size).toBe(40);
    for (const service of full.contents) expectValid('compiled/service.json', service);
    expect(full.contents.some((service) => service.service_at_locations.length > 0 && service.schedules.length > 0)).toBe(true);
    const minimal: Page<Json> = await get('/api/hsds/services?minimal=true&per_page=1000');
    expectPage(minimal, 'compiled/service_list.json');
    expect(Object.keys(minimal.contents[0]!).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
  });

  it('/services/{id} maps an offer with everything: costs, schedule by appointment, contact, phone, ages, languages, taxonomy and translations', async () => {
    const service: Json = await get(`/api/hsds/services/${ids().record('service', rich.offerId)}`);
    expectValid('compiled/service.json', service);
    expect(service).toMatchObject({ name: 'Elterncafé mit allem', status: 'active', minimum_age: 18, maximum_age: 99, email: 'cafe@example.org', url: 'https://example.org/cafe', assured_date: '2026-11-01' });
    expect(service.cost_options).toEqual([expect.objectContaining({ option: 'ermäßigt', currency: 'EUR', amount_description: '2 € pro Treffen' })]);
    expect(service.schedules.map((schedule: Json) => [schedule.byday, schedule.opens_at, schedule.interval, schedule.description])).toEqual([
      ['TU', '10:00', 1, 'Dienstag 10:00–12:00'],
      [undefined, undefined, undefined, 'Termine nach Vereinbarung.'],
    ]);
    expect(service.contacts).toEqual([expect.objectContaining({ name: 'Frau Beispiel', email: 'cafe@example.org' })]);
    expect(service.phones).toEqual([expect.objectContaining({ number: '02302 123456' })]);
    expect(service.languages.map((language: Json) => language.code).sort()).toEqual(['ar', 'de']);
    const codes = service.attributes.map((attribute: Json) => `${attribute.taxonomy_term.taxonomy}:${attribute.taxonomy_term.code}`);
    expect(codes).toEqual(expect.arrayContaining(['Wegweiser-Themen:language-cafe', 'Wegweiser-Zielgruppen:parents', 'Wegweiser-Merkmale:childcare', 'Wegweiser-Merkmale:by-appointment']));
    expect(service.x_translations).toEqual([expect.objectContaining({ language: 'ar', name: 'مقهى الآباء' })]);
    // The place typed into a form but never reviewed stays private.
    expect(service.service_at_locations.map((link: Json) => link.location_id)).toEqual([ids().record('location', rich.locationId)]);
    expect(service.service_at_locations[0].location.addresses[0]).toMatchObject({ address_1: 'Ruhrstraße 1', postal_code: '58452', city: 'Witten', country: 'DE' });
  });

  it('an unknown, unpublished or hidden id is a 404; a malformed id is a 400 naming id', async () => {
    await get(`/api/hsds/services/${ids().record('service', rich.draftId)}`, 404);
    await get(`/api/hsds/services/${ids().record('service', rich.hiddenOfferId)}`, 404);
    await get(`/api/hsds/services/${ids().record('organization', rich.providerId)}`, 404);
    await get(`/api/hsds/service_at_locations/${ids().record('service_at_location', `${rich.offerId}-${rich.unreviewedId}`)}`, 404);
    expect((await get('/api/hsds/services/17', 400)).error.fields).toEqual({ id: 'a UUID' });
    expect((await get('/api/hsds/taxonomy_terms/x%27%20OR%201=1', 400)).error.fields).toEqual({ id: 'a UUID' });
  });

  it('organizations list and nest their reviewed places and published services, valid against the compiled schemas', { timeout: 240_000 }, async () => {
    const list: Page<Json> = await get('/api/hsds/organizations?per_page=100');
    expectPage(list, 'compiled/organization_list.json');
    expect(list.contents.map((organization) => organization.name)).not.toContain('Ungeprüfter Träger');
    const full: Page<Json> = await get('/api/hsds/organizations?full=true&per_page=3');
    for (const organization of full.contents) expectValid('compiled/organization.json', organization);
    const one: Json = await get(`/api/hsds/organizations/${ids().record('organization', rich.providerId)}?full_service=true`);
    expectValid('compiled/organization.json', one);
    expect(one.locations.map((location: Json) => location.id)).toEqual([ids().record('location', rich.locationId)]);
    expect(one.services.map((service: Json) => service.name)).toEqual(['Elterncafé mit allem']);
    expect(one.services[0].schedules.length).toBe(2);
    await get(`/api/hsds/organizations/${ids().record('organization', 999_999)}`, 404);
  });

  it('service_at_locations lists offers at places, by postcode and within a distance, valid against the compiled schemas', { timeout: 240_000 }, async () => {
    const list: Page<Json> = await get('/api/hsds/service_at_locations?per_page=300');
    expectPage(list, 'compiled/service_at_location_list.json');
    const byPostcode: Page<Json> = await get('/api/hsds/service_at_locations?postcode=58452&per_page=1000');
    expect(byPostcode.total_items).toBeGreaterThan(0);
    expect(byPostcode.contents.map((link) => link.id)).toContain(ids().record('service_at_location', `${rich.offerId}-${rich.locationId}`));
    const near: Page<Json> = await get('/api/hsds/service_at_locations?postcode=58452&proximity=3000&per_page=1000');
    expect(near.total_items).toBeGreaterThanOrEqual(byPostcode.total_items);
    const wide: Page<Json> = await get('/api/hsds/service_at_locations?postcode=58452&proximity=200000&per_page=1');
    expect(wide.total_items).toBe(list.total_items);
    const one: Json = await get(`/api/hsds/service_at_locations/${ids().record('service_at_location', `${rich.offerId}-${rich.locationId}`)}`);
    expectValid('compiled/service_at_location.json', one);
    expect(one.service.name).toBe('Elterncafé mit allem');
    const full: Page<Json> = await get('/api/hsds/service_at_locations?full=true&per_page=30');
    for (const link of full.contents) expectValid('compiled/service_at_location.json', link);
  });

  it('taxonomies and terms: four Wegweiser taxonomies, top-level terms and sub-terms by parent, filters on services', async () => {
    const taxonomies: Page<Json> = await get('/api/hsds/taxonomies');
    expectPage(taxonomies, 'taxonomy.json');
    expect(taxonomies.contents.map((taxonomy) => taxonomy.name)).toEqual(['Wegweiser-Themen', 'Wegweiser-Zielgruppen', 'Wegweiser-Merkmale', 'Wegweiser-Trägerarten']);
    expectValid('taxonomy.json', await get(`/api/hsds/taxonomies/${taxonomies.contents[0]!.id}`));
    const top: Page<Json> = await get(`/api/hsds/taxonomy_terms?top_only=true&taxonomy_id=${taxonomies.contents[0]!.id}`);
    expectPage(top, 'taxonomy_term.json');
    expect(top.contents.map((term) => term.code)).toContain('language');
    expect(top.contents.every((term) => term.parent_id === undefined)).toBe(true);
    const language = top.contents.find((term) => term.code === 'language')!;
    const children: Page<Json> = await get(`/api/hsds/taxonomy_terms?parent_id=${language.id}`);
    expect(children.contents.map((term) => term.code)).toContain('language-cafe');
    expectValid('taxonomy_term.json', await get(`/api/hsds/taxonomy_terms/${language.id}`));
    const withTopic: Page<Json> = await get(`/api/hsds/services?taxonomy_term_id=${language.id}&per_page=1`);
    const withChild: Page<Json> = await get(`/api/hsds/services?taxonomy_term_id=${children.contents.find((term) => term.code === 'language-cafe')!.id}&per_page=1`);
    expect(withTopic.total_items).toBeGreaterThan(withChild.total_items);
    expect(withChild.total_items).toBeGreaterThan(0);
    const unknownTerm: Page<Json> = await get(`/api/hsds/services?taxonomy_term_id=${ids().term('category', 'no-such-topic')}`);
    expect(unknownTerm.total_items).toBe(0);
  });

  it('filters by organization, modification time and search text, and a hostile search never widens', async () => {
    const mine: Page<Json> = await get(`/api/hsds/services?organization_id=${ids().record('organization', rich.providerId)}`);
    expect(mine.contents.map((service) => service.name)).toEqual(['Elterncafé mit allem']);
    const future: Page<Json> = await get('/api/hsds/services?modified_after=2999-01-01');
    expect(future.total_items).toBe(0);
    const found: Page<Json> = await get(`/api/hsds/services?search=${encodeURIComponent('elterncafé mit')}`);
    expect(found.contents.map((service) => service.name)).toEqual(['Elterncafé mit allem']);
    for (const hostile of ['%', '_', "' OR 1=1 --", '\\']) {
      const body: Page<Json> = await get(`/api/hsds/services?search=${encodeURIComponent(hostile)}`);
      expect(body.total_items, hostile).toBe(0);
    }
  });

  it('bad parameters are a 400 JSON error naming each parameter, never a 500', async () => {
    const cases: Array<[string, string]> = [
      ['/api/hsds/services?page=0', 'page'],
      ['/api/hsds/services?per_page=5000', 'per_page'],
      ['/api/hsds/services?taxonomy_term_id=abc', 'taxonomy_term_id'],
      ['/api/hsds/services?modified_after=gestern', 'modified_after'],
      ['/api/hsds/services?minimal=vielleicht', 'minimal'],
      ['/api/hsds/services?format=ndjson', 'format'],
      ['/api/hsds/services?colour=red', 'colour'],
      ['/api/hsds/services?page=1&page=2', 'page'],
      ['/api/hsds/service_at_locations?proximity=500', 'proximity'],
      ['/api/hsds/service_at_locations?postcode=99999&proximity=500', 'postcode'],
      ['/api/hsds/service_at_locations?postcode=abc', 'postcode'],
      ['/api/hsds/organizations?minimal=true', 'minimal'],
      ['/api/hsds/taxonomy_terms?top_only=yes', 'top_only'],
      ['/api/hsds/taxonomy_terms?parent_id=1', 'parent_id'],
      [`/api/hsds/services/${ids().record('service', 1)}?full=true`, 'full'],
    ];
    for (const [path, parameter] of cases) {
      const response = await request(app).get(path);
      expect(response.status, path).toBe(400);
      expect(response.headers['content-type'], path).toMatch(/application\/json/);
      expect(Object.keys(response.body.error.fields), path).toContain(parameter);
      expect(response.headers['access-control-allow-origin'], path).toBe('*');
    }
  });

  it('ids are version 5 UUIDs that stay the same for the same record and differ between kinds', async () => {
    const a = ids().record('service', 1);
    expect(isUuid(a)).toBe(true);
    expect(a[14]).toBe('5');
    expect(createIdMaker(services.region.slug).record('service', 1)).toBe(a);
    expect(ids().record('organization', 1)).not.toBe(a);
    expect(createIdMaker('another-region').record('service', 1)).not.toBe(a);
  });
});
