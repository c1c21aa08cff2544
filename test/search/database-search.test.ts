import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { startMeiliProxy, type MeiliProxy } from '../support/meili-proxy.ts';
import { testingOnPostgres } from '../support/test-database.ts';

/**
 * Search that survives Meilisearch. The app talks to the real test
 * Meilisearch through a TCP relay (test/support/meili-proxy.ts) that this file
 * switches to "down" (port closed) and "hung" (connections accepted, never
 * answered). Each search is first answered by Meilisearch, then by the
 * database, and the two answers are compared.
 */

interface Answer {
  engine: string;
  total: number;
  ids: number[];
  facets: Record<string, Record<string, number>>;
}

const FILTER_SEARCHES = [
  '',
  'district=witten',
  'district=witten&district=hattingen&category=language',
  'cost=free&weekday=2&childcare=1',
  'target=women&open=evening',
  'age=8&format=in-person',
  'language=ar&accessible=1',
  'startsWithin=60',
  'where=Witten',
  'near=51.39,7.33&radius=10&category=counselling',
  'bbox=51.35,7.2,51.45,7.4',
  'sort=newest&district=schwelm',
  'sort=title&category=family',
];

/** Whole words (compound parts such as "Beratung" in "Sozialberatung" are where the simpler search finds less). */
/**
 * PostgreSQL's German configuration stems: the synonyms of "Deutschkurs" then also find
 * "Sprachkurse" and "Integrationskurse", which Meilisearch (no stemming) does not.
 * There the database must find everything Meilisearch finds, and more.
 */
const STEMMED_ON_POSTGRES = ['q=Deutschkurs'];

/**
 * A word mostly found inside compounds ("Sozialberatung"): the database search
 * finds the compounds the index's vocabulary knows (titles, summaries, labels),
 * not those only in descriptions, so it finds part of what Meilisearch finds and nothing else.
 * (On PostgreSQL the German stem "berat" also finds "beraten": there neither set holds the other.)
 */
const COMPOUND_SEARCHES = testingOnPostgres ? [] : ['q=Beratung&district=witten'];

const TEXT_SEARCHES = ['q=Hausaufgabenhilfe', 'q=Sprachcafé', 'q=Schwimmkurs&district=witten', 'q=Deutschkurs', 'q=homework', 'q=Sprachcaf', 'q=Sprachcafé%20Eltern'];

describe('search answered from the database when Meilisearch is down or hung', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let proxy: MeiliProxy;

  beforeAll(async () => {
    proxy = await startMeiliProxy(inject('meiliUrl'));
    services = await createTestServices({ DEMO_DATA: 'true', MEILI_URL: proxy.url, SEARCH_FALLBACK_TIMEOUT_MS: '5000', SEARCH_FALLBACK_RETRY_SECONDS: '0.2' });
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => {
    await proxy?.setMode('forward');
    await services?.close();
    await proxy?.close();
  });

  beforeEach(async () => {
    await proxy.setMode('forward');
    await untilEngine('meilisearch');
  });

  /** Every page of an API search: the engine that answered, the total, all ids and the facet counts. */
  async function search(params: string): Promise<Answer> {
    const answer: Answer = { engine: '', total: 0, ids: [], facets: {} };
    for (let page = 1; ; page += 1) {
      const response = await request(app).get(`/api/v1/search?${params}${params ? '&' : ''}page=${page}`);
      expect(response.status).toBe(200);
      Object.assign(answer, { engine: response.body.engine, total: response.body.total, facets: response.body.facets });
      answer.ids.push(...response.body.hits.map((hit: { id: number }) => hit.id));
      if (page >= response.body.totalPages) return answer;
    }
  }

  /** The markers of a map search, as comparable strings. */
  async function mapMarkers(params: string): Promise<{ engine: string; truncated: boolean; markers: string[] }> {
    const response = await request(app).get(`/api/v1/map?${params}`);
    expect(response.status).toBe(200);
    const markers = response.body.markers.map((marker: { offerId: number; lat: number; lng: number; title: string }) => `${marker.offerId}@${marker.lat},${marker.lng} ${marker.title}`);
    return { engine: response.body.engine, truncated: response.body.truncated, markers: markers.sort() };
  }

  async function untilEngine(engine: string): Promise<void> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      if ((await request(app).get('/api/v1/search?q=zz' + attempt)).body.engine === engine) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`searches never came from ${engine}`);
  }

  it('answers every filter with the same offers and facet counts as Meilisearch', async () => {
    const fromMeili = new Map<string, Answer>();
    for (const params of [...FILTER_SEARCHES, ...TEXT_SEARCHES, ...COMPOUND_SEARCHES]) fromMeili.set(params, await search(params));
    await proxy.setMode('down');
    await untilEngine('database');
    const differences: string[] = [];
    for (const params of [...FILTER_SEARCHES, ...TEXT_SEARCHES, ...COMPOUND_SEARCHES]) {
      const meili = fromMeili.get(params)!;
      const database = await search(params);
      expect(meili.engine).toBe('meilisearch');
      expect(database.engine).toBe('database');
      const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
      const onlyMeili = sorted(meili.ids.filter((id) => !database.ids.includes(id)));
      const onlyDatabase = sorted(database.ids.filter((id) => !meili.ids.includes(id)));
      const facetDiff = Object.keys(meili.facets).filter((name) => JSON.stringify(Object.entries(meili.facets[name]!).sort()) !== JSON.stringify(Object.entries(database.facets[name] ?? {}).sort()));
      if (COMPOUND_SEARCHES.includes(params)) {
        if (onlyDatabase.length > 0 || database.total === 0) differences.push(`${params}: not a part of Meilisearch's set: onlyDb ${onlyDatabase.join(',')}`);
      } else if (testingOnPostgres && STEMMED_ON_POSTGRES.includes(params)) {
        if (onlyMeili.length > 0 || onlyDatabase.length === 0) differences.push(`${params}: not a wider set: onlyMeili ${onlyMeili.join(',')}`);
      } else if (meili.total !== database.total || onlyMeili.length || onlyDatabase.length || facetDiff.length) {
        differences.push(`${params}: total ${meili.total}/${database.total} onlyMeili ${onlyMeili.join(',')} onlyDb ${onlyDatabase.join(',')} facets ${facetDiff.join(',')}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('when Meilisearch hangs, the API, the map and the page answer from the database, and health says so', async () => {
    const meiliAnswer = await search('q=Sprachcafé&district=witten');
    const meiliMap = await mapMarkers('district=witten&category=counselling');
    expect(meiliMap.markers.length).toBeGreaterThan(0);
    await proxy.setMode('hung');
    await untilEngine('database');

    const answer = await search('q=Sprachcafé&district=witten&lang=de');
    expect(answer.engine).toBe('database');
    expect({ total: answer.total, ids: answer.ids.sort(), facets: answer.facets }).toEqual({ total: meiliAnswer.total, ids: meiliAnswer.ids.sort(), facets: meiliAnswer.facets });
    expect(await mapMarkers('district=witten&category=counselling')).toEqual({ ...meiliMap, engine: 'database' });

    const page = await request(app).get('/search?category=counselling&district=hattingen').set('Accept-Language', 'de');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Vereinfachte Suche: Die Suchmaschine ist gerade nicht erreichbar.');
    const arabic = await request(app).get('/search?category=counselling&lang=ar');
    expect(arabic.text).toContain('بحث مبسّط: محرك البحث غير متاح حاليًا.');

    const health = await request(app).get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body.search.fallback.active).toBe(true);
    expect(health.body.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^searches answer from the database \(simplified search\) since /)]));
  });

  it('FTS syntax typed into the search neither fails nor widens it', async () => {
    await proxy.setMode('down');
    await untilEngine('database');
    const plain = await search('q=Hausaufgabenhilfe');
    expect(plain.total).toBeGreaterThan(0);
    // Operators are only separators, and words after the first never widen a search beyond it.
    for (const hostile of ['"Hausaufgabenhilfe', 'Hausaufgabenhilfe"', '-Hausaufgabenhilfe', '^Hausaufgabenhilfe', 'Hausaufgabenhilfe*', '(Hausaufgabenhilfe', '{Hausaufgabenhilfe}', "Hausaufgabenhilfe'", 'Hausaufgabenhilfe NOT Schwimmkurs', 'Hausaufgabenhilfe OR Schwimmkurs', 'Hausaufgabenhilfe -Schwimmkurs']) {
      const answer = await search(`q=${encodeURIComponent(hostile)}`);
      expect({ hostile, engine: answer.engine, ids: answer.ids.sort() }).toEqual({ hostile, engine: 'database', ids: [...plain.ids].sort() });
    }
    for (const hostile of ['NEAR(Hausaufgabenhilfe Witten, 2)', '"', '*', 'AND', 'OR NOT', 'a:b:c', 'Kita*Kurs^2', '\u0000Kurs', '\\', '" OR ""="']) {
      const response = await request(app).get(`/api/v1/search?q=${encodeURIComponent(hostile)}`);
      expect({ hostile, status: response.status, engine: response.body.engine }).toEqual({ hostile, status: 200, engine: 'database' });
    }
    // A column filter is read as words: "text_title:" is the words "text" and "title".
    expect((await search(`q=${encodeURIComponent('text_title:Hausaufgabenhilfe')}`)).ids).toEqual((await search('q=text%20title%20Hausaufgabenhilfe')).ids);
    const twice = await request(app).get('/api/v1/search?q=a&q=b');
    expect(twice.status).toBe(400);
    expect(Object.keys(twice.body.error.fields)).toEqual(['q']);
  });

  it('an offer written while Meilisearch is down is found by the database search, and normal answers return with Meilisearch', async () => {
    await proxy.setMode('down');
    await untilEngine('database');
    const ids = await createProviderWithLocation(services.db, 'Nähstube Zaunkönig e.V.');
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Nähcafé Zaunkönig', categories: ['meeting-cafe'] }));
    let found: Answer | undefined;
    for (let attempt = 0; attempt < 200 && !found; attempt += 1) {
      const answer = await search('q=Zaunkönig');
      if (answer.total === 1) found = answer;
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(found?.engine).toBe('database');
    const page = await request(app).get('/search?q=Zaunk%C3%B6nig').set('Accept-Language', 'de');
    expect(page.text).toContain('Nähcafé Zaunkönig');
    expect(page.text).toContain('Vereinfachte Suche');

    await proxy.setMode('forward');
    await untilEngine('meilisearch');
    await services.worker.drain(60_000);
    const answer = await search('q=Zaunkönig');
    expect({ engine: answer.engine, total: answer.total }).toEqual({ engine: 'meilisearch', total: 1 });
    const normalPage = await request(app).get('/search?q=Zaunk%C3%B6nig').set('Accept-Language', 'de');
    expect(normalPage.text).toContain('Nähcafé Zaunkönig');
    expect(normalPage.text).not.toContain('Vereinfachte Suche');
  });
});
