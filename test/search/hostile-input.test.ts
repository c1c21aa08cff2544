import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';

/** Query strings an attacker or a broken client might send, each with the filter it must not escape. */
const HOSTILE: Array<{ query: string; within?: string }> = [
  { query: 'district=witten%22%20OR%20district%20%3D%20%22hattingen' },
  { query: 'district=witten%5C' },
  { query: 'district=_geoRadius(51.4,7.3,100000)' },
  { query: 'language=ar%22%20OR%20languages%20EXISTS' },
  { query: 'category=language)%20OR%20(cost%20%3D%20%22paid%22' },
  { query: 'cost=free%22%20OR%20%22a%22%20%3D%20%22a' },
  { query: 'weekday=1%20OR%201' },
  { query: 'weekday=8' },
  { query: 'childcare=maybe' },
  { query: 'near=51.4,7.3,0&radius=1' },
  { query: 'near=NaN,NaN&radius=5' },
  { query: 'near=1e400,0&radius=5' },
  { query: 'near=51.4;7.3&radius=5' },
  { query: 'near=_geoRadius(&radius=5' },
  { query: 'near=51.44,7.35&radius=-5' },
  { query: 'near=51.44,7.35&radius=1e9' },
  { query: 'radius=5' },
  { query: 'bbox=1,2,3' },
  { query: 'bbox=51.5,7.4,51.3,7.2' },
  { query: 'bbox=north,east,south,west' },
  { query: 'page=0' },
  { query: 'page=-1' },
  { query: 'page=99999999' },
  { query: 'page=1.5' },
  { query: 'sort=_geoPoint(0,0):asc' },
  { query: 'sort=title:desc' },
  { query: 'q=a&q=b' },
  { query: `district=${Array.from({ length: 300 }, () => 'x').join('&district=')}` },
  { query: 'district=witten&q=%22%20OR%20district%20%3D%20%22hattingen', within: 'witten' },
  { query: 'district=witten&q=%5C%22%29%20OR%20%28district%20%3D%20%22schwelm', within: 'witten' },
  { query: 'district=witten&q=_geoRadius(51.4,7.3,100000)', within: 'witten' },
  { query: `district=witten&q=${'Kurs%20'.repeat(1500)}`, within: 'witten' },
  { query: 'district=witten&q=%C3%28%FF%FE', within: 'witten' },
  { query: 'district=witten&q=%00%01%02', within: 'witten' },
  { query: 'district=witten&q[]=a', within: 'witten' },
  { query: 'district=witten&q[foo]=bar', within: 'witten' },
  { query: 'district=witten&__proto__[x]=1&constructor=1', within: 'witten' },
];

describe('hostile query strings', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let wittenTotal: number;

  beforeAll(async () => {
    services = await createTestServices({ DEMO_DATA: 'true' });
    app = createApp({ ...services, i18n: await createI18n() });
    wittenTotal = (await request(app).get('/api/v1/search?district=witten').expect(200)).body.total;
  });
  afterAll(async () => services?.close());

  it.each(HOSTILE)('API: $query never answers 500 and never widens the search', async ({ query, within }) => {
    const response = await request(app).get(`/api/v1/search?${query}`);
    expect([200, 400]).toContain(response.status);
    if (response.status === 400) {
      expect(response.body.error.code).toBe('validation_failed');
      expect(Object.keys(response.body.error.fields).length).toBeGreaterThan(0);
      return;
    }
    expect(within).toBeDefined();
    expect(response.body.total).toBeLessThanOrEqual(wittenTotal);
    for (const hit of response.body.hits) expect(hit.districts).toContain(within);
  });

  it.each(HOSTILE)('page: $query never answers 500 and shows no wider result', async ({ query, within }) => {
    const response = await request(app).get(`/search?${query}`);
    expect([200, 400]).toContain(response.status);
    expect(response.text).toContain('<html');
    if (response.status === 400) {
      expect(response.text).toContain('Diese Angaben in der Suche sind ungültig');
      expect(response.text).not.toContain('class="result-card"');
      return;
    }
    expect(within).toBeDefined();
    const count = Number(/(\d+) Angebote? gefunden|Kein Angebot gefunden/.exec(response.text)?.[1] ?? 0);
    expect(count).toBeLessThanOrEqual(wittenTotal);
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

  it('a map request with hostile values is refused the same way', async () => {
    await request(app).get('/api/v1/map?district=witten%22%20OR%20%221%22%3D%221').expect(400);
  });
});
