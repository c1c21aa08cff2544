import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { emptyQuery } from '../../server/search/search-query.ts';
import { searchOffers } from '../../server/search/search-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, sameStorage, type TestServices } from '../support/test-services.ts';
import { formToken, signIn } from '../support/web-session.ts';
import { messyCsv } from '../import/import-fixture.ts';

/**
 * Two full service stacks in one process on one database (a SQLite file in
 * WAL mode, or PostgreSQL on that pass) and one Meilisearch index stand for two app instances; each has its own answer
 * cache, workers and Knex pool.
 */
let first: TestServices;
let second: TestServices;
let appA: Express;
let appB: Express;

beforeAll(async () => {
  const shared = { SEARCH_CACHE_POLL_MS: '100', ACCOUNT_RATE_LIMIT: '3', SESSION_SECRET: 'ein gemeinsames geheimnis fuer beide instanzen', TRUST_PROXY: '1' };
  first = await createTestServices(shared);
  second = await createTestServices({ ...shared, ...sameStorage(first.config), MEILI_INDEX_PREFIX: first.config.meili.indexPrefix });
  const i18n = await createI18n();
  appA = createApp({ ...first, i18n });
  appB = createApp({ ...second, i18n });
}, 60_000);

afterAll(async () => {
  await second.close();
  await first.close();
});

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two app instances on one database', () => {
  it('an offer written through one instance replaces the other instance’s cached answer (well before the 60 s bound)', async () => {
    // The first instance drains the outbox, so only the shared version can tell the second about the write.
    await second.worker.stop();
    await until(async () => first.worker.status().holdsLease, 'the first instance to take the outbox lease');
    const query = { ...emptyQuery(), q: 'Harfenkurs' };
    // The empty answer is kept (an index change noticed meanwhile would drop it: ask again until it is).
    await until(async () => (await searchOffers(second, query)).total === 0 && second.engine.resultCache.stats().entries > 0, 'the empty answer cached');
    const ids = await createProviderWithLocation(first.db);
    await createOffer(first.offerDeps, offerInput(ids, { title: 'Harfenkurs für Kinder' }));
    await until(async () => (await searchOffers(second, query)).total === 1, 'the other instance to find the new offer', 15_000);
    expect((await searchOffers(second, query)).hits.map((hit) => hit.title)).toEqual(['Harfenkurs für Kinder']);
    second.worker.start();
  });

  it('a session started on one instance is signed in on the other', async () => {
    await createStaffAccount(first, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Rita Redaktion', role: 'editor' });
    const { response } = await signIn(appA, 'redaktion@ki.example', 'ein sicheres passwort');
    expect(response.status).toBe(303);
    const cookie = response.headers['set-cookie'] as unknown as string[];
    const page = await request(appB).get('/account').set('Cookie', cookie.map((entry) => entry.split(';')[0]).join('; ')).expect(200);
    expect(page.text).toContain('Rita Redaktion');
  });

  it('form posts counted on one instance count against the limit on the other', async () => {
    // Behind the (trusted) proxy each client has its own count; this one is used by no other test.
    const client = '203.0.113.77';
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await request(appA).post('/account/reset').set('X-Forwarded-For', client).type('form').send({ email: 'x@example.org' });
      expect(answer.status).toBe(403);
    }
    const limited = await request(appB).post('/account/reset').set('X-Forwarded-For', client).type('form').send({ email: 'x@example.org' });
    expect(limited.status).toBe(429);
    const elsewhere = await request(appB).post('/account/reset').set('X-Forwarded-For', '203.0.113.78').type('form').send({ email: 'x@example.org' });
    expect(elsewhere.status).toBe(403);
  });

  it('a topic renamed by staff through one instance shows on the other’s home page, and its offers are found by the new name through it', async () => {
    // The second instance drains the outbox, so its taxonomy must be current before it indexes the renamed topic.
    await first.worker.stop();
    await until(async () => second.worker.status().holdsLease, 'the second instance to take the outbox lease');
    const ids = await createProviderWithLocation(first.db);
    await createOffer(first.offerDeps, offerInput(ids, { title: 'Plauderrunde am Mittwoch', categories: ['language-cafe'] }));
    const home = async () => (await request(appB).get('/').expect(200)).text;
    expect(await home()).toContain('Sprache &amp; Integrationskurse');
    await createStaffAccount(first, { email: 'themen@ki.example', password: 'ein sicheres passwort', displayName: 'Tom Themen', role: 'admin' });
    const { agent } = await signIn(appA, 'themen@ki.example', 'ein sicheres passwort');
    const csrf = await formToken(agent, '/admin/taxonomy/category/language');
    await agent.post('/admin/taxonomy/category/language').type('form').send({ _csrf: csrf, label_de: 'Zaunkönig-Sprachtreffs', label_en: 'Wren language meetings' }).expect(303);

    await until(async () => (await home()).includes('Zaunkönig-Sprachtreffs'), 'the other instance’s home page to show the new topic name');
    expect(await home()).not.toContain('Sprache &amp; Integrationskurse');
    const found = async () => ((await request(appB).get('/api/v1/search').query({ q: 'Zaunkönig' }).expect(200)).body as { hits: Array<{ title: string }> }).hits.map((hit) => hit.title);
    await until(async () => (await found()).includes('Plauderrunde am Mittwoch'), 'the other instance to index the offer under the new topic name', 15_000);
    first.worker.start();
  });

  it('an import confirmed through one instance shows its progress and its result through the other', async () => {
    await createStaffAccount(first, { email: 'import@ki.example', password: 'ein sicheres passwort', displayName: 'Ina Import', role: 'editor' });
    const { agent, response } = await signIn(appA, 'import@ki.example', 'ein sicheres passwort');
    const cookie = (response.headers['set-cookie'] as unknown as string[]).map((entry) => entry.split(';')[0]).join('; ');
    const uploaded = await agent.post('/admin/import').field('_csrf', await formToken(agent, '/admin/import')).attach('file', messyCsv(), 'angebote.csv').expect(303);
    const preview = await agent.get(uploaded.headers.location!).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(preview.text)![1]!;
    const confirmed = await agent.post(uploaded.headers.location!).type('form').send({ _csrf: csrf, publish: 'publish' }).expect(303);
    const jobPath = confirmed.headers.location!;
    const statusPath = `/import-jobs/${jobPath.split('/').pop()}/status`;

    // The page the browser is sent to, and the status its script polls, answered by the other instance.
    const firstSeen = await request(appB).get(statusPath).expect(200);
    expect(['running', 'done']).toContain(firstSeen.body.state);
    let status = firstSeen.body as { state: string; phase: string; done: number; total: number };
    while (status.state === 'running') status = (await request(appB).get(statusPath).expect(200)).body;
    expect(status).toEqual((await request(appA).get(statusPath).expect(200)).body);
    expect(status).toMatchObject({ state: 'done', phase: 'finished' });
    const result = await request(appB).get(jobPath).set('Cookie', cookie).expect(200);
    expect(result.text).toContain('Import abgeschlossen');
    expect(result.text).toContain('Internationaler Frauentreff');
  });
});
