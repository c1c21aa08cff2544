import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

describe('health endpoint and first pages', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Elterncafé am Morgen' }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Entwurf ohne Veröffentlichung', status: 'draft' }));
    await services.worker.drain();
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('GET /healthz reports database and search state with counts', async () => {
    const response = await request(app).get('/healthz').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      reasons: [],
      db: { status: 'ok', offers: 1, providers: 1, pendingSearchSync: 0, parkedSearchSync: 0 },
      search: { status: 'ok', documents: 1, fallback: { active: false, since: null, lastError: null, answeredFromDatabase: 0 } },
      mail: { pending: 0, parked: 0 },
    });
  });

  it('the home page and a search answer in German by default', async () => {
    const home = await request(app).get('/').expect(200);
    expect(home.text).toContain('<html lang="de" dir="ltr">');
    expect(home.text).not.toContain('class="demo-banner"');
    const search = await request(app).get('/search').query({ q: 'Elterncafé' }).expect(200);
    expect(search.text).toContain('1 Angebot gefunden');
    expect(search.text).toContain('Elterncafé am Morgen');
    expect(search.text).not.toContain('Entwurf ohne Veröffentlichung');
  });

  it('?lang=en switches the language and remembers it in a cookie', async () => {
    const response = await request(app).get('/search').query({ q: 'Elterncafé', lang: 'en' }).expect(200);
    expect(response.text).toContain('1 offer found');
    expect(String(response.headers['set-cookie'])).toMatch(/lang=en/);
  });

  it('an unknown page answers 404 with a page, and JSON under /api', async () => {
    const page = await request(app).get('/nowhere').expect(404);
    expect(page.text).toContain('Diese Seite gibt es nicht.');
    const api = await request(app).get('/api/v1/nowhere').expect(404);
    expect(api.body).toEqual({ error: { code: 'not_found', message: 'Diese Seite gibt es nicht.' } });
  });

  it('the demo notice shows only when the invented demo directory is served', async () => {
    expect((await request(app).get('/').expect(200)).text).not.toContain('erfundene Beispieldaten');
    const demo = createApp({ ...services, config: { ...services.config, demoData: true }, i18n: await createI18n() });
    const page = (await request(demo).get('/').expect(200)).text;
    expect(page).toContain('<div class="demo-banner" role="note">Demo: Alle Angebote, Träger und Adressen auf dieser Seite sind erfundene Beispieldaten.</div>');
  });
});
