import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { formToken, signIn, type Agent } from '../support/web-session.ts';

describe('staff manage providers and their places', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let editor: Agent;

  const post = async (path: string, form: Record<string, string>, from: string) => {
    const csrf = await formToken(editor, from);
    return editor.post(path).type('form').send({ _csrf: csrf, ...form });
  };

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Redaktion', role: 'editor' });
    ({ agent: editor } = await signIn(app, 'redaktion@ki.example', 'ein sicheres passwort'));
  });
  afterAll(async () => services?.close());

  it('creates a provider and adds a place: without a pin it sits at the postcode centre', async () => {
    const created = await post('/admin/providers', { name: 'Kulturverein Brückenschlag e.V.', kind: 'club', description: 'Ein Verein.', website: '', email: '', phone: '' }, '/admin/providers');
    expect(created.status).toBe(303);
    const path = created.headers.location!;
    const added = await post(`${path}/locations`, { name: 'Vereinsheim', street: 'Ruhrstraße 12', district: 'witten', postcode: '58452', latitude: '', longitude: '' }, path);
    expect(added.status).toBe(303);
    const location = await services.db('locations').where({ name: 'Vereinsheim' }).first();
    const postcode = services.region.districts.find((d) => d.slug === 'witten')!.postcodes.find((p) => p.code === '58452')!;
    expect([location.latitude, location.longitude, location.city]).toEqual([postcode.lat, postcode.lng, 'Witten']);
    const pinned = await post(`${path}/locations`, { name: 'Garten', street: 'Ruhrdeich 3', district: 'witten', postcode: '58452', latitude: '51.4391', longitude: '7.3301', stepFree: '1' }, path);
    expect(pinned.status).toBe(303);
    expect(await services.db('locations').where({ name: 'Garten' }).first('latitude', 'longitude', 'step_free')).toEqual({ latitude: 51.4391, longitude: 7.3301, step_free: 1 });
  });

  it('names the wrong fields of a place and keeps what was typed', async () => {
    const ids = await createProviderWithLocation(services.db, 'Zweiter Verein');
    const path = `/admin/providers/${ids.providerId}`;
    const response = await post(`${path}/locations`, { name: 'Treff', street: 'Marktplatz 1', district: 'hattingen', postcode: '58452' }, path);
    expect(response.status).toBe(400);
    expect(response.text).toContain('Diese Postleitzahl gehört nicht zum gewählten Ort.');
    expect(response.text).toContain('value="Marktplatz 1"');
  });

  it('refuses to delete a place or provider still in use, and says why', async () => {
    const ids = await createProviderWithLocation(services.db, 'Träger mit Angebot');
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Laufendes Angebot' }));
    const path = `/admin/providers/${ids.providerId}`;
    const location = await post(`/admin/locations/${ids.locationId}/delete`, {}, path);
    expect(location.status).toBe(409);
    expect(location.text).toContain('An diesem Ort finden noch Angebote statt');
    const provider = await post(`${path}/delete`, {}, path);
    expect(provider.status).toBe(409);
    expect(provider.text).toContain('hat noch Angebote oder Konten');
    expect(await services.db('locations').where({ id: ids.locationId }).first('id')).toBeDefined();
  });

  it('renaming a provider updates its offers in search', async () => {
    const ids = await createProviderWithLocation(services.db, 'Alter Name e.V.');
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Theatergruppe international' }));
    await services.worker.drain();
    const path = `/admin/providers/${ids.providerId}`;
    expect((await post(path, { name: 'Neuer Name e.V.', kind: 'club', description: '' }, path)).status).toBe(303);
    await services.worker.drain();
    const hits = await services.engine.client.index(services.engine.indexUid('offers')).search('Theatergruppe');
    expect(hits.hits.map((hit) => hit.providerName)).toEqual(['Neuer Name e.V.']);
    expect(await searchTitles(services, 'Neuer Name')).toContain('Theatergruppe international');
  });
});
