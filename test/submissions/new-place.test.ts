import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserById } from '../../server/accounts/account-repository.ts';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { findRevisionVersion } from '../../server/moderation/moderation-repository.ts';
import { approveRevision, type ModerationDeps } from '../../server/moderation/moderation-service.ts';
import { findOffersByIds } from '../../server/offers/offer-repository.ts';
import { setOfferStatus } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, type TestServices } from '../support/test-services.ts';
import { formToken, signIn, type Agent } from '../support/web-session.ts';

const PASSWORD = 'ein sicheres passwort';

describe('a provider enters a new address in the offer form', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let ids: { providerId: number; locationId: number };
  let agent: Agent;

  /** The offer form as a browser without JavaScript sends it, at a new address; the pin stays empty. */
  function offerForm(overrides: Record<string, string | string[]> = {}): URLSearchParams {
    const fields: Record<string, string | string[]> = {
      title: 'Nähtreff am Hammerteich',
      summary: 'Gemeinsam nähen und Deutsch sprechen.',
      description: 'Nähmaschinen sind vorhanden.',
      categories: ['language-cafe'],
      targetGroups: ['women'],
      languages: ['de', 'tr'],
      cost: 'free',
      format: 'in-person',
      'schedule[0][weekday]': '4',
      'schedule[0][opensAt]': '15:00',
      'schedule[0][closesAt]': '17:00',
      placeName: 'Gemeindehaus Hammerteich',
      placeStreet: 'Hammerteichweg 4',
      placePostcode: '58456',
      placeDistrict: 'witten',
      placeLatitude: '',
      placeLongitude: '',
      ...overrides,
    };
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
    return form;
  }

  async function post(path: string, form: URLSearchParams, tokenPage = '/account/offers/new') {
    const csrf = await formToken(agent, tokenPage);
    form.set('_csrf', csrf);
    return agent.post(path).type('form').send(form.toString());
  }

  const placeCount = async () => Number((await services.db('locations').where({ provider_id: ids.providerId }).count({ n: '*' }).first())?.n ?? 0);
  const postcodeCentre = (code: string) => services.region.districts.flatMap((district) => district.postcodes).find((postcode) => postcode.code === code)!;

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    ids = await createProviderWithLocation(services.db, 'Frauentreff Herbede e.V.');
    const userId = await createStaffAccount(services, { email: 'anbieterin@frauentreff.example', password: PASSWORD, displayName: 'Anbieterin', role: 'provider' });
    await services.db('users').where({ id: userId }).update({ provider_id: ids.providerId });
    ({ agent } = await signIn(app, 'anbieterin@frauentreff.example', PASSWORD));
  });
  afterAll(async () => services?.close());

  it('the form offers a new address with a map, next to the organisation’s places', async () => {
    const page = await agent.get('/account/offers/new').expect(200);
    expect(page.text).toContain('Oder eine neue Adresse eingeben');
    expect(page.text).toMatch(/<select id="placeDistrict" name="placeDistrict"/);
    expect(page.text).toMatch(/<option value="witten" data-lat="[\d.]+" data-lng="[\d.]+" data-postcodes="58452:[^"]*58456:/);
    expect(page.text).toContain('data-location-picker');
    expect(page.text).toContain('/static/js/location-picker.js');
    expect(page.text).toContain('/static/vendor/leaflet/leaflet.js');
  });

  it('saves the offer at a new address with the pin set on the map, as a place of the organisation', async () => {
    const response = await post('/account/offers', offerForm({ locationIds: [String(ids.locationId)], placeLatitude: '51.4102', placeLongitude: '7.3409', placeStepFree: '1' }));
    expect(response.status, response.text.slice(0, 1500)).toBe(303);
    const offerId = Number(/\/account\/offers\/(\d+)\/edit/.exec(response.headers.location!)![1]);
    const [offer] = await findOffersByIds(services.db, [offerId]);
    const place = offer!.locations.find((location) => location.id !== ids.locationId)!;
    expect(offer!.locations.map((location) => location.id)).toEqual([ids.locationId, place.id].sort((a, b) => a - b));
    expect(place).toMatchObject({ providerId: ids.providerId, name: 'Gemeindehaus Hammerteich', street: 'Hammerteichweg 4', postcode: '58456', city: 'Witten', district: 'witten', latitude: 51.4102, longitude: 7.3409, stepFree: true });
    expect(await services.db('audit_log').where({ entity: 'location', entity_id: place.id, action: 'create' }).first('actor_label')).toEqual({ actor_label: 'anbieterin@frauentreff.example' });

    const edit = await agent.get(response.headers.location!).expect(200);
    expect(edit.text).toMatch(new RegExp(`id="location-${place.id}"[^>]*checked`));
    expect(edit.text).toContain('Hammerteichweg 4, 58456 Witten');
  });

  it('without JavaScript (no pin) the new place sits at its postcode centre and is named after the organisation', async () => {
    const response = await post('/account/offers', offerForm({ title: 'Elterncafé Vormholz', placeName: '', placeStreet: 'Vormholzer Straße 9' }));
    expect(response.status).toBe(303);
    const place = await services.db('locations').where({ street: 'Vormholzer Straße 9' }).first('name', 'latitude', 'longitude', 'reviewed');
    const centre = postcodeCentre('58456');
    expect(place).toEqual({ name: 'Frauentreff Herbede e.V.', latitude: centre.lat, longitude: centre.lng, reviewed: 0 });
  });

  it('an unknown postcode is named, every typed value comes back, and nothing is saved', async () => {
    const places = await placeCount();
    const offers = Number((await services.db('offers').count({ n: '*' }).first())?.n);
    const response = await post('/account/offers', offerForm({ placePostcode: '12345', title: 'Nähtreff mit falscher PLZ', placeLatitude: '51.41', placeLongitude: '7.34' }));
    expect(response.status).toBe(400);
    const summary = /<div class="notice notice-error error-summary"[\s\S]*?<\/div>/.exec(response.text)?.[0] ?? '';
    expect(summary).toContain('href="#placePostcode"');
    expect(summary).toContain('Die Postleitzahl 12345 gehört nicht zu unserer Region.');
    expect(response.text).toMatch(/id="placePostcode" name="placePostcode" type="text" value="12345"[^>]*aria-invalid="true"/);
    expect(response.text).toContain('value="Nähtreff mit falscher PLZ"');
    expect(response.text).toContain('value="Gemeindehaus Hammerteich"');
    expect(response.text).toContain('value="Hammerteichweg 4"');
    expect(response.text).toMatch(/<option value="witten"[^>]* selected>Witten<\/option>/);
    expect(response.text).toMatch(/name="placeLatitude" id="placeLatitude" value="51.41"/);
    expect(response.text).toMatch(/<details class="new-place" id="new-place" open>/);
    expect(await placeCount()).toBe(places);
    expect(Number((await services.db('offers').count({ n: '*' }).first())?.n)).toBe(offers);
  });

  it('names a postcode of another town, a town outside the region and a pin far from the town, each at its field', async () => {
    const wrongTown = await post('/account/offers', offerForm({ placeDistrict: 'hattingen' }));
    expect(wrongTown.status).toBe(400);
    expect(wrongTown.text).toContain('Die Postleitzahl 58456 gehört nicht zu Hattingen.');

    const outside = await post('/account/offers', offerForm({ placeDistrict: 'dortmund' }));
    expect(outside.text).toContain('Diese Stadt gehört nicht zu unserer Region.');
    expect(outside.text).toContain('href="#placeDistrict"');

    // A pin in Cologne for an address in Witten.
    const farPin = await post('/account/offers', offerForm({ placeLatitude: '50.9375', placeLongitude: '6.9603' }));
    expect(farPin.status).toBe(400);
    expect(farPin.text).toContain('Der Punkt auf der Karte liegt zu weit von Witten entfernt.');
    expect(farPin.text).toContain('href="#placeMap"');
  });

  it('an in-person offer needs a chosen place or a new address, and the message says so', async () => {
    const response = await post('/account/offers', offerForm({ placeName: '', placeStreet: '', placePostcode: '' }));
    expect(response.status).toBe(400);
    expect(response.text).toContain('Bitte wählen Sie mindestens einen Ort oder geben Sie eine neue Adresse ein.');
  });

  it('a change to a published offer at a new address: the place is saved at once, used only by the change, and public after approval', async () => {
    const created = await post('/account/offers', offerForm({ title: 'Sprachtreff Bommern', placeName: '', placeStreet: '', placePostcode: '', locationIds: [String(ids.locationId)] }));
    const offerId = Number(/\/account\/offers\/(\d+)\/edit/.exec(created.headers.location!)![1]);
    const published = await setOfferStatus(services.offerDeps, offerId, 'published');
    const edit = `/account/offers/${offerId}/edit`;
    const saved = await post(`/account/offers/${offerId}`, offerForm({ title: 'Sprachtreff Bommern', placeName: 'Bürgerhaus Bommern', placeStreet: 'Bodenborn 2', placePostcode: '58452', locationIds: [String(ids.locationId)] }), edit);
    expect(saved.headers.location).toBe(`${edit}?notice=revisionSaved`);

    const place = await services.db('locations').where({ street: 'Bodenborn 2' }).first('id', 'reviewed');
    expect(place.reviewed).toBe(0);
    const revision = await services.db('offer_revisions').where({ offer_id: offerId, status: 'pending' }).first('id', 'proposed');
    expect(JSON.parse(revision.proposed).locationIds).toEqual([ids.locationId, place.id]);
    expect((await findOffersByIds(services.db, [offerId]))[0]!.locations.map((location) => location.id)).toEqual([ids.locationId]);
    const provider = await services.db('providers').where({ id: ids.providerId }).first('slug');
    expect((await request(app).get(`/providers/${provider.slug}`).expect(200)).text).not.toContain('Bodenborn 2');

    const editor = (await findUserById(services.db, await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' })))!;
    const deps: ModerationDeps = { ...services.offerDeps, translate: (_locale, key) => key, links: services.links };
    await approveRevision(deps, editor, revision.id, (await findRevisionVersion(services.db, revision.id))!.version);
    expect((await findOffersByIds(services.db, [published.id]))[0]!.locations.map((location) => location.street)).toEqual(['Ruhrstraße 1', 'Bodenborn 2']);
    expect((await request(app).get(`/providers/${provider.slug}`).expect(200)).text).toContain('Bodenborn 2');
  });
});
