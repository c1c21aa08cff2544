import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { emptyQuery, type SearchQuery } from '../../server/search/search-query.ts';
import { searchOffers } from '../../server/search/search-service.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';

/**
 * A query string an attacker or a broken client might send. Either it is
 * refused (400 naming exactly these fields, on the API; the page names them
 * and searches nothing), or it runs as exactly the clean search `same` says
 * (the oracle: the search service asked directly, not through the parser).
 */
type Case = { query: string; refused: string[]; page?: 'refused' | Partial<SearchQuery> } | { query: string; same: Partial<SearchQuery> };

const WITTEN = { district: ['witten'] };
const many = (name: string, count: number) => Array.from({ length: count }, (_, n) => `${name}=${n}`).join('&');

const CASES: Case[] = [
  { query: 'district=witten%22%20OR%20district%20%3D%20%22hattingen', refused: ['district'] },
  { query: 'district=witten%5C', refused: ['district'] },
  { query: 'district=_geoRadius(51.4,7.3,100000)', refused: ['district'] },
  { query: 'language=ar%22%20OR%20languages%20EXISTS', refused: ['language'] },
  { query: 'category=language)%20OR%20(cost%20%3D%20%22paid%22', refused: ['category'] },
  { query: 'cost=free%22%20OR%20%22a%22%20%3D%20%22a', refused: ['cost'] },
  { query: 'weekday=1%20OR%201', refused: ['weekday'] },
  { query: 'weekday=8', refused: ['weekday'] },
  { query: 'childcare=maybe', refused: ['childcare'] },
  { query: 'near=51.4,7.3,0&radius=1', refused: ['near'] },
  { query: 'near=NaN,NaN&radius=5', refused: ['near'] },
  { query: 'near=1e400,0&radius=5', refused: ['near'] },
  { query: 'near=51.4;7.3&radius=5', refused: ['near'] },
  { query: 'near=_geoRadius(&radius=5', refused: ['near'] },
  { query: 'near=51.44,7.35&radius=-5', refused: ['radius'] },
  { query: 'near=51.44,7.35&radius=1e9', refused: ['radius'] },
  { query: 'radius=5', refused: ['radius'] },
  { query: 'bbox=1,2,3', refused: ['bbox'] },
  { query: 'bbox=51.5,7.4,51.3,7.2', refused: ['bbox'] },
  { query: 'bbox=north,east,south,west', refused: ['bbox'] },
  { query: 'page=0', refused: ['page'] },
  { query: 'page=-1', refused: ['page'] },
  { query: 'page=99999999', refused: ['page'] },
  { query: 'page=1.5', refused: ['page'] },
  { query: 'page=1&page=2', refused: ['page'] },
  { query: 'sort=_geoPoint(0,0):asc', refused: ['sort'] },
  { query: 'sort=title:desc', refused: ['sort'] },
  { query: 'q=a&q=b', refused: ['q'] },
  { query: `district=${Array.from({ length: 300 }, () => 'x').join('&district=')}`, refused: ['district'] },
  // A repeated place would otherwise be dropped and the search run everywhere.
  { query: 'where=Witten&where=Hattingen', refused: ['where'] },
  { query: 'near=51.44,7.35&near=51.39,7.19&radius=5', refused: ['near'] },
  // Bracket spellings of known names are refused on the page too: ignoring them would widen the search.
  { query: 'district[]=witten', refused: ['district[]'] },
  { query: 'district=witten&q[]=a', refused: ['q[]'] },
  { query: 'district=witten&q[foo]=bar', refused: ['q[foo]'] },
  // Unknown names: refused by the API; the page ignores them (tracking parameters) and searches as asked.
  { query: 'district=witten&__proto__[x]=1&constructor=1', refused: ['__proto__[x]', 'constructor'], page: WITTEN },
  { query: 'distrikt=witten', refused: ['distrikt'], page: {} },
  // The "near me" button with radius "any": a search near a point without a radius.
  { query: 'near=51.44,7.35', same: { near: { lat: 51.44, lng: 7.35 }, sort: 'distance' } },
  { query: 'district=witten&q=%22%20OR%20district%20%3D%20%22hattingen', same: { ...WITTEN, q: '" OR district = "hattingen' } },
  { query: 'district=witten&q=%5C%22%29%20OR%20%28district%20%3D%20%22schwelm', same: { ...WITTEN, q: '\\") OR (district = "schwelm' } },
  { query: 'district=witten&q=_geoRadius(51.4,7.3,100000)', same: { ...WITTEN, q: '_geoRadius(51.4,7.3,100000)' } },
  { query: `district=witten&q=${'Kurs%20'.repeat(1500)}`, same: { ...WITTEN, q: 'Kurs '.repeat(1500).trim().slice(0, 200).trim() } },
  { query: 'district=witten&q=%C3%28%FF%FE', same: { ...WITTEN, q: '(' } },
  { query: 'district=witten&q=%00%01%02', same: { ...WITTEN, q: '' } },
];

describe('hostile query strings', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  /** What the search service itself answers for a clean query: the count a case must come to. */
  const expectedTotal = async (same: Partial<SearchQuery>) => (await searchOffers(services, { ...emptyQuery(), ...same })).total;

  beforeAll(async () => {
    services = await createTestServices({ DEMO_DATA: 'true' });
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  /** The count a search page states; a page without one fails the test. */
  function pageCount(html: string): number {
    if (html.includes('Kein Angebot gefunden')) return 0;
    const stated = /([\d.]+) Angebote? gefunden/.exec(html)?.[1];
    if (stated === undefined) throw new Error('the page states no result count');
    return Number(stated.replace(/\./g, ''));
  }

  it.each(CASES)('API: $query', async (hostile) => {
    const response = await request(app).get(`/api/v1/search?${hostile.query}`);
    if ('refused' in hostile) {
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(Object.keys(response.body.error.fields).sort()).toEqual([...hostile.refused].sort());
      return;
    }
    expect(response.status).toBe(200);
    const total = await expectedTotal(hostile.same);
    expect(response.body.total).toBe(total);
    if (hostile.same.district) for (const hit of response.body.hits) expect(hit.districts).toContain('witten');
  });

  it.each(CASES)('page: $query', async (hostile) => {
    const response = await request(app).get(`/search?${hostile.query}`);
    expect(response.text).toContain('<html');
    const pageSearch = 'refused' in hostile ? hostile.page : hostile.same;
    if (pageSearch === undefined || pageSearch === 'refused') {
      expect(response.status).toBe(400);
      expect(response.text).toContain('Diese Angaben in der Suche sind ungültig');
      expect(response.text).toContain('Wir haben deshalb nicht gesucht.');
      expect(response.text).not.toContain('class="result-card"');
      return;
    }
    expect(response.status).toBe(200);
    expect(pageCount(response.text)).toBe(await expectedTotal(pageSearch));
  });

  it('a search near a point without a radius finds offers and sorts them by distance', async () => {
    const response = await request(app).get('/api/v1/search?near=51.44,7.35').expect(200);
    expect(response.body.total).toBeGreaterThan(0);
    const distances = response.body.hits.map((hit: { distanceKm: number }) => hit.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('more than 1,000 parameters are refused, not cut short; 1,000 are read in full', async () => {
    const api = await request(app).get(`/api/v1/search?${many('x', 1000)}&district=atlantis`);
    expect(api.status).toBe(400);
    expect(api.body.error.fields).toEqual({ query: 'more than 1000 parameters' });
    const page = await request(app).get(`/search?${many('x', 1000)}&district=atlantis`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('Die Anfrage enthält ungültige Angaben.');
    // With 1,000 the last one still counts: the unknown town at the end is named, not dropped.
    const full = await request(app).get(`/search?${many('x', 999)}&district=atlantis`);
    expect(full.status).toBe(400);
    expect(full.text).toContain('Diese Angaben in der Suche sind ungültig: Ort.');
  });

  it('the corrected link of an invalid search drops only the invalid part', async () => {
    const response = await request(app).get('/search?district=witten&district=atlantis&language=ar').expect(400);
    const notice = /class="notice notice-error"[\s\S]*?href="([^"]+)"/.exec(response.text)?.[1] ?? '';
    const href = notice.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(href).toBe('/search?district=witten&language=ar');
  });

  it('a URL longer than the server accepts is refused with 431, not an error', async () => {
    const response = await request(app).get(`/search?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
  });

  it('a map request with hostile values or unknown names is refused the same way', async () => {
    expect((await request(app).get('/api/v1/map?district=witten%22%20OR%20%221%22%3D%221').expect(400)).body.error.fields).toEqual({ district: expect.any(String) });
    expect((await request(app).get('/api/v1/map?district[]=witten').expect(400)).body.error.fields).toEqual({ 'district[]': expect.any(String) });
  });
});
