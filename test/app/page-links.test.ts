import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n, formatList } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { offerPageLink, safeSearchPath, withLanguage } from '../../server/web/page-links.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

describe('links that keep the language and the search', () => {
  it('adds lang= for every language but German, before a #fragment', () => {
    expect(withLanguage('/search', 'de')).toBe('/search');
    expect(withLanguage('/search', 'ar')).toBe('/search?lang=ar');
    expect(withLanguage('/search?q=Kurs#results', 'uk')).toBe('/search?q=Kurs&lang=uk#results');
  });

  it('accepts only a relative /search address as the search to return to, without its language', () => {
    expect(safeSearchPath('/search?q=Kurs&district=witten&lang=ar')).toBe('/search?q=Kurs&district=witten');
    expect(safeSearchPath('/search')).toBe('/search');
    for (const hostile of ['//evil.example/search', 'https://evil.example/search?q=1', '/search/../admin', '/searchx?q=1', '/\\evil.example', 'javascript:alert(1)', '/admin', `/search?q=${'a'.repeat(3000)}`, 42, undefined, ['/search']]) {
      expect(safeSearchPath(hostile), String(hostile)).toBeNull();
    }
  });

  it('an offer link carries the search and the language', () => {
    expect(offerPageLink('sprachcafe', 'fa', '/search?q=Kurs')).toBe('/offers/sprachcafe?from=%2Fsearch%3Fq%3DKurs&lang=fa');
    expect(offerPageLink('sprachcafe', 'de', null)).toBe('/offers/sprachcafe');
  });

  it('joins lists as each language does: Arabic with "،", never a Latin comma', () => {
    expect(formatList(['الاثنين', 'الثلاثاء', 'الأربعاء'], 'ar')).toBe('الاثنين، والثلاثاء، والأربعاء');
    expect(formatList(['Mo', 'Di', 'Mi'], 'de')).toBe('Mo, Di und Mi');
    expect(formatList(['пн', 'вт'], 'uk')).toBe('пн і вт');
  });
});

/** The page's HTML with the entities Handlebars writes into attributes decoded. */
const decoded = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('pages without JavaScript keep the language in their links', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let slug: string;

  beforeAll(async () => {
    services = await createTestServices();
    const ids = await createProviderWithLocation(services.db);
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Sprachcafé am Dienstag', schedule: [1, 2, 3].map((weekday) => ({ weekday, opensAt: '10:00', closesAt: '12:00' })) }));
    slug = offer.slug;
    await services.worker.drain();
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('result cards link to the offer in the page language with the search, and Arabic weekday lists use "،"', async () => {
    const page = await request(app).get('/search').query({ q: 'Sprachcafé', lang: 'ar' }).expect(200);
    expect(decoded(page.text)).toContain(`href="/offers/${slug}?from=%2Fsearch%3Fq%3DSprachcaf%25C3%25A9&lang=ar"`);
    const schedule = /<dt>[^<]+<\/dt><dd>([^<]+)<\/dd>/.exec(page.text)![1]!;
    expect(schedule).toContain('الاثنين، والثلاثاء، والأربعاء');
    expect(schedule).not.toContain(',');
  });

  it('the offer page links back to that search in its language, and prints its address with the language', async () => {
    const page = await request(app).get(`/offers/${slug}`).query({ from: '/search?q=Sprachcafé&district=witten', lang: 'uk' }).expect(200);
    const html = decoded(page.text);
    expect(html).toContain('<a href="/search?q=Sprachcaf%C3%A9&district=witten&lang=uk" id="back-to-results">');
    expect(html).toMatch(new RegExp(`class="printed-from">[^<]*/offers/${slug}\\?lang=uk<`));
  });

  it('a foreign or broken "from" gives the plain search, never a link elsewhere', async () => {
    for (const from of ['//evil.example/search', 'https://evil.example/', '/admin']) {
      const page = await request(app).get(`/offers/${slug}`).query({ from }).expect(200);
      expect(page.text).toContain('<a href="/search" id="back-to-results">');
      expect(page.text).not.toMatch(/href="(https?:)?\/\/evil/);
    }
  });
});
