import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

const COOKIE = 'wegweiser_shortlist';

/** The shortlist ids a response's Set-Cookie leaves in the browser. */
function cookieIds(response: request.Response): string {
  const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((line) => line.startsWith(`${COOKIE}=`));
  if (!header) throw new Error('no shortlist cookie was set');
  return header.slice(COOKIE.length + 1).split(';')[0]!;
}

describe('the shortlist without JavaScript (form posts and a cookie)', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const ids: number[] = [];

  beforeAll(async () => {
    services = await createTestServices();
    const place = await createProviderWithLocation(services.db);
    for (const title of ['Hausaufgabenhilfe am Nachmittag', 'Eltern-Kind-Gruppe', 'Beratung auf Arabisch']) {
      ids.push((await createOffer(services.offerDeps, offerInput(place, { title }))).id);
    }
    ids.push((await createOffer(services.offerDeps, offerInput(place, { title: 'Noch ein Entwurf', status: 'draft' }))).id);
    await services.worker.drain();
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('"merken" on a search result posts the offer, sets the cookie and returns to the same search', async () => {
    const search = await request(app).get('/search').query({ q: 'Hausaufgabenhilfe' }).expect(200);
    expect(search.text).toContain(`name="toggle" value="${ids[0]}"`);
    expect(search.text).toContain('form="shortlist-form"');
    const response = await request(app).post('/shortlist').type('form').send({ toggle: String(ids[0]), return: '/search?q=Hausaufgabenhilfe' }).expect(303);
    expect(response.headers.location).toBe('/search?q=Hausaufgabenhilfe');
    expect(cookieIds(response)).toBe(String(ids[0]));

    const again = await request(app).get('/search').query({ q: 'Hausaufgabenhilfe' }).set('Cookie', `${COOKIE}=${ids[0]}`).expect(200);
    expect(again.text).toMatch(new RegExp(`value="${ids[0]}" class="merken-button" data-shortlist-toggle="${ids[0]}" aria-pressed="true"`));
    expect(again.text).toMatch(/data-shortlist-count>1</);
  });

  it('pressing it again removes the offer; adding keeps the order of saving', async () => {
    const added = await request(app).post('/shortlist').type('form').set('Cookie', `${COOKIE}=${ids[0]}`).send({ toggle: String(ids[1]) }).expect(303);
    expect(cookieIds(added)).toBe(`${ids[0]}.${ids[1]}`);
    const removed = await request(app).post('/shortlist').type('form').set('Cookie', `${COOKIE}=${ids[0]}.${ids[1]}`).send({ toggle: String(ids[0]) }).expect(303);
    expect(cookieIds(removed)).toBe(String(ids[1]));
  });

  it('the shortlist page lists the saved offers in order and reorders and removes through buttons', async () => {
    const cookie = `${COOKIE}=${ids[0]}.${ids[1]}.${ids[2]}`;
    const page = await request(app).get('/shortlist').set('Cookie', cookie).expect(200);
    const titles = [...page.text.matchAll(/<h2 class="card-title"[^>]*><a [^>]*>([^<]+)</g)].map((match) => match[1]);
    expect(titles).toEqual(['Hausaufgabenhilfe am Nachmittag', 'Eltern-Kind-Gruppe', 'Beratung auf Arabisch']);
    expect(page.text).toContain(`name="down" value="${ids[0]}"`);

    const moved = await request(app).post('/shortlist').type('form').set('Cookie', cookie).send({ down: String(ids[0]), return: '/shortlist' }).expect(303);
    expect(moved.headers.location).toBe('/shortlist');
    expect(cookieIds(moved)).toBe(`${ids[1]}.${ids[0]}.${ids[2]}`);
    const gone = await request(app).post('/shortlist').type('form').set('Cookie', cookie).send({ remove: String(ids[1]) }).expect(303);
    expect(cookieIds(gone)).toBe(`${ids[0]}.${ids[2]}`);
  });

  it('a shared link shows the same list on another device, which can take it over', async () => {
    const shared = await request(app).get('/shortlist').query({ ids: `${ids[2]}.${ids[0]}`, lang: 'ar' }).expect(200);
    expect(shared.text).toContain('<html lang="ar" dir="rtl">');
    const titles = [...shared.text.matchAll(/<h2 class="card-title"[^>]*><a [^>]*>([^<]+)</g)].map((match) => match[1]);
    expect(titles).toEqual(['Beratung auf Arabisch', 'Hausaufgabenhilfe am Nachmittag']);
    expect(shared.text).toContain(`name="adopt" value="${ids[2]}.${ids[0]}"`);
    const adopted = await request(app).post('/shortlist').type('form').send({ adopt: `${ids[2]}.${ids[0]}` }).expect(303);
    expect(cookieIds(adopted)).toBe(`${ids[2]}.${ids[0]}`);
  });

  it('drafts and unknown ids are not shown, and a hostile return address goes back to the shortlist', async () => {
    const page = await request(app).get('/shortlist').set('Cookie', `${COOKIE}=${ids[3]}.999999.${ids[1]}`).expect(200);
    expect(page.text).not.toContain('Noch ein Entwurf');
    expect(page.text).toContain('Eltern-Kind-Gruppe');
    expect(page.text).toContain('2 Angebote sind nicht mehr veröffentlicht');
    const away = await request(app).post('/shortlist').type('form').send({ toggle: String(ids[1]), return: '//evil.example/x' }).expect(303);
    expect(away.headers.location).toBe('/shortlist');
  });

  it('another site cannot change the list', async () => {
    const response = await request(app).post('/shortlist').type('form').set('Sec-Fetch-Site', 'cross-site').send({ toggle: String(ids[0]) }).expect(403);
    expect(response.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringContaining(COOKIE)]));
  });

  it('the QR code for a shortlist is an SVG that opens the list in the chosen language', async () => {
    const response = await request(app).get('/shortlist/qr.svg').query({ ids: `${ids[0]}.${ids[1]}`, lang: 'ar' }).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    }).expect(200);
    expect(response.headers['content-type']).toContain('image/svg+xml');
    expect(String(response.body)).toMatch(/^<svg role="img" aria-label="[^"]+" class="qr-code" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    const page = await request(app).get('/shortlist').query({ ids: `${ids[0]}.${ids[1]}`, client: 'ar' }).expect(200);
    expect(page.text).toContain(`/shortlist/qr.svg?ids&#x3D;${ids[0]}.${ids[1]}&amp;lang&#x3D;ar`);
    expect(page.text).toContain(`id="share-link" type="url" readonly value="${services.config.siteUrl}/shortlist?ids&#x3D;${ids[0]}.${ids[1]}&amp;lang&#x3D;ar"`);
  });

  it('share links and the QR code use the configured address, never the Host header a request names', async () => {
    const page = await request(app).get('/shortlist').set('Host', 'evil.example').query({ ids: `${ids[0]}`, client: 'ar' }).expect(200);
    expect(page.text).not.toContain('evil.example');
    expect(page.text).toContain(`value="${services.config.siteUrl}/shortlist?ids&#x3D;${ids[0]}&amp;lang&#x3D;ar"`);
    const sitemap = await request(app).get('/sitemap.xml').set('Host', 'evil.example').expect(200);
    expect(sitemap.text).not.toContain('evil.example');
    expect(sitemap.text).toContain(`<loc>${services.config.siteUrl}/`);
  });
});
