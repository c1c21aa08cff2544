import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { signIn, type Agent } from '../support/web-session.ts';

const PASSWORD = 'ein sicheres passwort';

describe('what people could not find (/admin/insights)', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let staff: Agent;
  let now = new Date('2026-12-01T10:00:00Z');

  /** A visitor with their own browser; searches on the day `now` says. */
  const searchAs = (visitor: string, query: Record<string, string>) => request(app).get('/search').set('User-Agent', `browser-${visitor}`).query(query);
  const unmetTable = async (query = '') => {
    const html = (await staff.get(`/admin/insights${query}`).expect(200)).text;
    return html.slice(html.indexOf('id="unmet"'), html.indexOf('id="coverage"'));
  };

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, clock: () => now, i18n: await createI18n() });
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Sprachcafé für Eltern', categories: ['language-cafe'], languages: ['de', 'ar'] }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Hausaufgabenhilfe', categories: ['homework-help'], languages: ['de'] }));
    await services.worker.drain();
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
    staff = (await signIn(app, 'redaktion@ki.example', PASSWORD)).agent;
  });
  afterAll(async () => services?.close());

  it('shows a search without results only once three different visitors made it, and never who they were', async () => {
    now = new Date('2026-12-01T10:00:00Z');
    for (const visitor of ['a', 'a', 'b']) await searchAs(visitor, { q: 'Autowerkstatt' }).expect(200);
    expect(await unmetTable()).not.toContain('autowerkstatt');
    await searchAs('c', { q: 'AUTOWERKSTATT!' }).expect(200);
    const table = await unmetTable();
    expect(table).toMatch(/<bdi>autowerkstatt<\/bdi><\/td><td>de<\/td><td><\/td><td><\/td><td dir="ltr"><\/td><td>4<\/td><td>1<\/td><td>3<\/td>/);
    const stored = await services.db('search_misses').select();
    expect(JSON.stringify(stored)).not.toMatch(/browser-|127\.0\.0\.1/);
  });

  it('shows one visitor\'s search once it came on three different days, with town and language of the page', async () => {
    for (const day of ['2026-12-02', '2026-12-03']) {
      now = new Date(`${day}T09:00:00Z`);
      await searchAs('d', { q: 'Reitunterricht Witten', lang: 'ar' }).expect(200);
    }
    expect(await unmetTable()).not.toContain('reitunterricht');
    now = new Date('2026-12-04T09:00:00Z');
    await searchAs('d', { q: 'Reitunterricht Witten', lang: 'ar' }).expect(200);
    expect(await unmetTable()).toMatch(/<bdi>reitunterricht<\/bdi><\/td><td>ar<\/td><td>Witten<\/td>/);
    expect(await unmetTable('?locale=de')).not.toContain('reitunterricht');
  });

  it('does not count searches that found something, asked for a later page, or had bad values', async () => {
    now = new Date('2026-12-01T10:00:00Z');
    for (const visitor of ['e', 'f', 'g']) {
      await searchAs(visitor, { q: 'Sprachcafé' }).expect(200);
      await searchAs(visitor, { q: 'Zauberei', page: '2' }).expect(200);
      await searchAs(visitor, { q: 'Zaubertrick', district: 'atlantis' }).expect(400);
    }
    const table = await unmetTable();
    expect(table).not.toMatch(/sprachcaf|zauber/);
  });

  it('the coverage matrix counts offers per town and topic, marks the gaps and narrows to a language offered', async () => {
    const html = (await staff.get('/admin/insights').expect(200)).text;
    const wittenRow = /<th scope="row">Witten<\/th>(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(wittenRow.match(/<td>1<\/td>/g)).toHaveLength(2);
    expect(wittenRow.match(/class="gap"/g)?.length).toBeGreaterThan(5);
    const arabic = (await staff.get('/admin/insights?language=ar').expect(200)).text;
    expect(/<th scope="row">Witten<\/th>(.*?)<\/tr>/.exec(arabic)?.[1]?.match(/<td>1<\/td>/g)).toHaveLength(1);
  });

  it('exports both as CSV for Excel; a formula typed as a search is kept as words', async () => {
    now = new Date('2026-12-05T10:00:00Z');
    for (const visitor of ['h', 'i', 'j']) await searchAs(visitor, { q: '=Steuerberatung(1)' }).expect(200);
    const unmet = await staff.get('/admin/insights/unmet.csv').expect(200);
    expect(unmet.headers['content-type']).toContain('text/csv');
    expect(unmet.text.startsWith('\uFEFFSuchwörter;Sprache;Ort;')).toBe(true);
    expect(unmet.text).toContain('\r\nsteuerberatung 1;de;;;;3;1;3;2026-12-05\r\n');
    const coverage = await staff.get('/admin/insights/coverage.csv').expect(200);
    expect(coverage.text).toMatch(/^\uFEFFOrt;Sprache & Integrationskurse;/);
    expect(coverage.text).toMatch(/\r\nWitten;1;1;0;/);
  });

  it('is for staff only', async () => {
    await request(app).get('/admin/insights').expect(303);
    await request(app).get('/admin/insights/unmet.csv').expect(303);
  });
});
