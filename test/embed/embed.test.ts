import { createServer } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig, StartupError } from '../../server/config/config.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import type { OfferInput } from '../../server/offers/offer-types.ts';
import { insertLocation } from '../../server/providers/provider-repository.ts';
import { createSearchClient } from '../../server/search-engine/search-engine.ts';
import { SearchResultCache } from '../../server/search-engine/search-result-cache.ts';
import { DatabaseSearch } from '../../server/search/database-search.ts';
import { SearchFallback } from '../../server/search/search-fallback.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { signIn } from '../support/web-session.ts';

// http: with https the session cookie would be Secure, and supertest speaks plain http.
const SITE = 'http://wegweiser.example.de';
const PASSWORD = 'ein sicheres passwort';

/** HTML text as the browser reads it (Handlebars writes "=" as &#x3D;). */
const decode = (html: string) =>
  html.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The snippet as the staff member copies it: the textarea's text. */
const snippetOf = (html: string) => decode(/<textarea id="embed-snippet"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '');

/** The titles of the entries an embedded list shows, in order. */
const listedTitles = (html: string) => [...html.matchAll(/<h2 class="embed-title"[^>]*>([^<]+)<\/h2>/g)].map((match) => match[1]);

/** A loopback port nothing listens on: a search engine that is not there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('the list for partner sites (/embed/list) and its builder (/admin/embed)', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const slugs: Record<string, string> = {};

  beforeAll(async () => {
    services = await createTestServices({ PUBLIC_URL: SITE, ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    const witten = await createProviderWithLocation(services.db, 'Lernhaus Ruhr e.V.');
    const now = new Date().toISOString();
    const hattingenPlace = await insertLocation(
      services.db,
      witten.providerId,
      { name: 'Stadtteilbüro Welper', street: 'Marxstraße 12', postcode: '45527', city: 'Hattingen', district: 'hattingen', latitude: 51.4067, longitude: 7.1866, stepFree: true },
      now,
    );
    const hattingen = { providerId: witten.providerId, locationId: hattingenPlace };
    const homework = { categories: ['homework-help'] };
    const offers: Array<[string, { providerId: number; locationId: number }, Partial<OfferInput>]> = [
      ['Lernzeit am Nachmittag', hattingen, homework],
      ['Hausaufgabentreff Welper', hattingen, { ...homework, schedule: [{ weekday: 3, opensAt: '14:30', closesAt: '16:00' }], cost: 'paid' }],
      ['Hausaufgabenhilfe Witten', witten, homework],
      ['Elterncafé Hattingen', hattingen, { categories: ['language-cafe'] }],
      ['Entwurf Hausaufgaben Hattingen', hattingen, { ...homework, status: 'draft' }],
    ];
    for (const [title, place, extra] of offers) slugs[title] = (await createOffer(services.offerDeps, offerInput(place, { title, ...extra }))).slug;
    await services.worker.drain();
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
    await createStaffAccount(services, { email: 'anbieter@lernhaus.example', password: PASSWORD, displayName: 'Anbieter', role: 'provider' });
  });
  afterAll(async () => services?.close());

  it('lists exactly the published offers of the filter, with links to the full pages on the configured site', async () => {
    const response = await request(app).get('/embed/list').query({ category: 'homework-help', district: 'hattingen', sort: 'title' }).set('Host', 'evil.example').expect(200);
    expect(listedTitles(response.text)).toEqual(['Hausaufgabentreff Welper', 'Lernzeit am Nachmittag']);
    expect(response.text).toContain('2 Angebote gefunden');
    const html = decode(response.text);
    expect(html).toContain(`<a href="${SITE}/offers/${slugs['Hausaufgabentreff Welper']}?lang=de" target="_blank" rel="noopener"`);
    expect(html).toContain('<dd><bdi>Stadtteilbüro Welper, Marxstraße 12, 45527 Hattingen</bdi></dd>');
    expect(response.text).toContain('Mi 14:30–16:00');
    expect(response.text).toContain('Kostenpflichtig');
    expect(html).toContain(`<a href="${SITE}/search?district=hattingen&category=homework-help&sort=title&lang=de" target="_blank" rel="noopener">Alle Ergebnisse auf wegweiser.example.de</a>`);
    expect(response.text).not.toContain('evil.example');
    // Its own small layout: no site header, footer or demo banner.
    expect(response.text).not.toContain('site-header');
    expect(response.text).not.toContain('site-footer');
    expect(response.text).toContain('/static/css/embed.css');
  });

  it('shows as many entries as `limit` says, and the count of all', async () => {
    const response = await request(app).get('/embed/list').query({ category: 'homework-help', sort: 'title', limit: '2' }).expect(200);
    expect(listedTitles(response.text)).toEqual(['Hausaufgabenhilfe Witten', 'Hausaufgabentreff Welper']);
    expect(response.text).toContain('3 Angebote gefunden');
  });

  it('sets no cookie, also when ?lang= chooses Arabic, and takes its language from the address only', async () => {
    const arabic = await request(app).get('/embed/list').query({ category: 'homework-help', district: 'hattingen', lang: 'ar' }).expect(200);
    expect(arabic.headers['set-cookie']).toBeUndefined();
    expect(arabic.text).toContain('<html lang="ar" dir="rtl">');
    expect(decode(arabic.text)).toContain(`href="${SITE}/offers/${slugs['Lernzeit am Nachmittag']}?lang=ar"`);
    expect(arabic.text).toContain('كل النتائج على wegweiser.example.de');
    // A visitor's Arabic browser or language cookie does not change a list the partner set up in German.
    const german = await request(app).get('/embed/list').query({ category: 'homework-help' }).set('Accept-Language', 'ar').set('Cookie', 'i18next=ar').expect(200);
    expect(german.headers['set-cookie']).toBeUndefined();
    expect(german.text).toContain('<html lang="de" dir="ltr">');
    expect(german.headers.vary ?? '').not.toMatch(/Cookie|Accept-Language/);
  });

  it('may be framed by any site and is cacheable, while every other page still refuses frames', async () => {
    const list = await request(app).get('/embed/list').query({ category: 'homework-help' }).expect(200);
    expect(list.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(list.headers['x-frame-options']).toBeUndefined();
    expect(list.headers['referrer-policy']).toBe('no-referrer');
    expect(list.headers['cache-control']).toBe('public, max-age=300');
    expect(list.headers['x-robots-tag']).toBe('noindex');
    const script = await request(app).get('/static/js/embed.js').expect(200);
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(script.headers['set-cookie']).toBeUndefined();

    const search = await request(app).get('/search').expect(200);
    expect(search.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(search.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(search.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('with EMBED_ALLOWED_ORIGINS only those sites (and the back office) may frame the list', async () => {
    const config = { ...services.config, embed: { allowedOrigins: ['https://schule.example', 'https://jobcenter.example'] } };
    const limited = createApp({ ...services, config, i18n: await createI18n() });
    const list = await request(limited).get('/embed/list').expect(200);
    expect(list.headers['content-security-policy']).toContain("frame-ancestors 'self' https://schule.example https://jobcenter.example");
    expect(loadConfig({ EMBED_ALLOWED_ORIGINS: 'https://schule.example/, https://jobcenter.example' }).embed.allowedOrigins).toEqual(['https://schule.example', 'https://jobcenter.example']);
    expect(loadConfig({}).embed.allowedOrigins).toEqual(['*']);
    expect(() => loadConfig({ EMBED_ALLOWED_ORIGINS: 'schule.example' })).toThrow(StartupError);
    expect(() => loadConfig({ EMBED_ALLOWED_ORIGINS: 'https://schule.example/seite' })).toThrow(StartupError);
  });

  it('a bad parameter is refused as on /search: 400, naming it, and nothing listed', async () => {
    const town = await request(app).get('/embed/list').query({ category: 'homework-help', district: 'atlantis' }).expect(400);
    expect(town.text).toContain('Diese Liste ist nicht richtig eingerichtet.');
    expect(town.text).toContain('Ungültige Angaben in der Adresse: Ort.');
    expect(listedTitles(town.text)).toEqual([]);
    expect(town.headers['set-cookie']).toBeUndefined();
    const limit = await request(app).get('/embed/list').query({ category: 'homework-help', limit: '99' }).expect(400);
    expect(limit.text).toContain('Ungültige Angaben in der Adresse: Anzahl der Einträge.');
    const repeated = await request(app).get('/embed/list?page=1&page=2').expect(400);
    expect(repeated.text).toContain('Ungültige Angaben in der Adresse: Seite.');
  });

  it('an empty result says so and still links to the site', async () => {
    const response = await request(app).get('/embed/list').query({ category: 'homework-help', district: 'breckerfeld' }).expect(200);
    expect(listedTitles(response.text)).toEqual([]);
    expect(response.text).toContain('Zurzeit gibt es hier keine passenden Angebote.');
    expect(decode(response.text)).toContain(`href="${SITE}/search?district=breckerfeld&category=homework-help&lang=de"`);
  });

  /** The app with a Meilisearch client that reaches nothing, and with or without the database copy behind it. */
  async function appWithEngineDown(withDatabaseCopy: boolean) {
    const { client, closeTransport } = createSearchClient(`http://127.0.0.1:${await closedPort()}`, 'no-key');
    const resultCache = new SearchResultCache({ maxEntries: 100, ttlMs: 60_000 });
    const fallback = withDatabaseCopy
      ? new SearchFallback({ timeoutMs: 1500, retryMs: 600_000, database: new DatabaseSearch(services.db), probe: () => Promise.reject(new Error('still away')), onTrip: () => resultCache.invalidate(), logger: createSilentLogger() })
      : undefined;
    const engine = { ...services.engine, client, resultCache, fallback };
    return { app: createApp({ ...services, engine, i18n: await createI18n() }), close: closeTransport };
  }

  it('when Meilisearch cannot be reached, the database copy answers the same list, and it is not kept', async () => {
    await services.searchCopier.catchUp();
    const down = await appWithEngineDown(true);
    try {
      const response = await request(down.app).get('/embed/list').query({ category: 'homework-help', district: 'hattingen', sort: 'title' }).expect(200);
      expect(listedTitles(response.text)).toEqual(['Hausaufgabentreff Welper', 'Lernzeit am Nachmittag']);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['set-cookie']).toBeUndefined();
    } finally {
      down.close();
    }
  });

  it('when no search can answer, the frame shows a friendly note (503, not cached), never a 500', async () => {
    const down = await appWithEngineDown(false);
    try {
      const response = await request(down.app).get('/embed/list').query({ category: 'homework-help', lang: 'ar' }).expect(503);
      expect(response.text).toContain('<html lang="ar" dir="rtl">');
      expect(response.text).toContain('لا يمكن تحميل القائمة الآن.');
      expect(decode(response.text)).toContain(`href="${SITE}/search?category=homework-help&lang=ar"`);
      expect(response.text).not.toContain('site-header');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['set-cookie']).toBeUndefined();
    } finally {
      down.close();
    }
  });

  it('the builder makes the snippet from filters, with the configured site address and the filters', async () => {
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const overview = await agent.get('/admin').expect(200);
    expect(overview.text).toContain('<a href="/admin/embed">Liste auf Partnerseiten einbinden</a>');
    const page = await agent.get('/admin/embed').query({ district: 'hattingen', category: 'homework-help', q: '', embedLang: 'ar', limit: '5' }).set('Host', 'evil.example').expect(200);
    expect(snippetOf(page.text)).toBe(
      [
        `<iframe src="${SITE}/embed/list?district=hattingen&amp;category=homework-help&amp;lang=ar&amp;limit=5" title="خدمات من Wegweiser Ennepe-Ruhr-Kreis" width="100%" height="600" style="border:0;width:100%;max-width:100%" loading="lazy" data-wegweiser-embed></iframe>`,
        `<script src="${SITE}/static/js/embed.js" async></script>`,
      ].join('\n'),
    );
    // The preview is the same list from this server, whatever address the staff member uses.
    expect(decode(page.text)).toContain('<iframe src="/embed/list?district=hattingen&category=homework-help&lang=ar&limit=5"');
    expect(page.text).not.toContain('evil.example');
    expect(page.text).toMatch(/<input type="checkbox" name="district" value="hattingen" checked>/);
    expect(page.text).toMatch(/<option value="homework-help" selected>/);
  });

  it('a pasted search address fills the form, keeping filters the form has no field for', async () => {
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const address = `${SITE}/search?q=Lernen&district=witten&cost=free&page=3&lang=tr`;
    const pasted = await agent.get('/admin/embed').query({ address }).expect(303);
    expect(pasted.headers.location).toBe('/admin/embed?q=Lernen&district=witten&cost=free&embedLang=tr&limit=10');
    const page = await agent.get(pasted.headers.location!).expect(200);
    expect(page.text).toContain('<input type="hidden" name="cost" value="free">');
    expect(page.text).toContain('Weitere Filter aus der Suchadresse bleiben erhalten: Kosten.');
    expect(snippetOf(page.text)).toContain(`<iframe src="${SITE}/embed/list?q=Lernen&amp;district=witten&amp;cost=free&amp;lang=tr&amp;limit=10"`);

    const foreign = await agent.get('/admin/embed').query({ address: 'https://evil.example/search?district=witten' }).expect(200);
    expect(decode(foreign.text)).toContain(`Das ist keine Suchadresse dieses Wegweisers. Sie beginnt mit ${SITE}/search.`);
    expect(foreign.text).not.toContain('embed-snippet');
    const bad = await agent.get('/admin/embed').query({ district: 'atlantis' }).expect(200);
    expect(bad.text).toContain('Mit diesen Angaben lässt sich keine Liste bauen: Ort.');
    expect(bad.text).not.toContain('id="embed-snippet"');
  });

  it('the builder is refused to visitors and to provider accounts', async () => {
    expect((await request(app).get('/admin/embed').expect(303)).headers.location).toBe('/account/login?next=%2Fadmin%2Fembed');
    const { agent } = await signIn(app, 'anbieter@lernhaus.example', PASSWORD);
    await agent.get('/admin/embed').expect(403);
  });
});
