import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer, updateOffer } from '../../server/offers/offer-service.ts';
import { SearchResultCache } from '../../server/search-engine/search-result-cache.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { signIn } from '../support/web-session.ts';

describe('the search answer cache', () => {
  it('answers a repeated key from the cache until the index changes', async () => {
    const cache = new SearchResultCache({ maxEntries: 10, ttlMs: 60_000 });
    let computed = 0;
    const compute = async () => ({ run: ++computed });
    expect(await cache.remember('a', compute)).toEqual({ run: 1 });
    expect(await cache.remember('a', compute)).toEqual({ run: 1 });
    expect(await cache.remember('b', compute)).toEqual({ run: 2 });
    cache.invalidate();
    expect(await cache.remember('a', compute)).toEqual({ run: 3 });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 3, entries: 1 });
  });

  it('does not keep an answer that was computed while the index changed', async () => {
    const cache = new SearchResultCache({ maxEntries: 10, ttlMs: 60_000 });
    let release!: () => void;
    const slow = cache.remember('a', () => new Promise<{ version: string }>((resolve) => (release = () => resolve({ version: 'before the write' }))));
    cache.invalidate();
    release();
    expect(await slow).toEqual({ version: 'before the write' });
    expect(await cache.remember('a', async () => ({ version: 'after the write' }))).toEqual({ version: 'after the write' });
  });

  it('shares one computation between identical concurrent searches and forgets failures', async () => {
    const cache = new SearchResultCache({ maxEntries: 10, ttlMs: 60_000 });
    let computed = 0;
    const [first, second] = await Promise.all([
      cache.remember('a', async () => ({ run: ++computed })),
      cache.remember('a', async () => ({ run: ++computed })),
    ]);
    expect(first).toBe(second);
    await expect(cache.remember('broken', () => Promise.reject(new Error('Meilisearch away')))).rejects.toThrow('Meilisearch away');
    expect(await cache.remember('broken', async () => ({ recovered: true }))).toEqual({ recovered: true });
  });

  it('computes every time when turned off', async () => {
    const cache = new SearchResultCache({ maxEntries: 0, ttlMs: 60_000 });
    let computed = 0;
    await cache.remember('a', async () => ({ run: ++computed }));
    await cache.remember('a', async () => ({ run: ++computed }));
    expect(computed).toBe(2);
  });
});

describe('cached search pages', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let ids: { providerId: number; locationId: number };

  beforeAll(async () => {
    // These tests count cache hits: on a machine busy enough that a search takes 1.5 s, the answers
    // would come from the database copy (never cached) instead, so the switch waits much longer here.
    services = await createTestServices({ SEARCH_FALLBACK_TIMEOUT_MS: '30000' });
    ids = await createProviderWithLocation(services.db);
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('a repeated search shows an offer published and edited in between, as soon as the index has it', async () => {
    const before = await request(app).get('/search?q=Boulderkurs').expect(200);
    expect(before.text).not.toContain('Boulderkurs für Einsteigerinnen');
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Boulderkurs für Einsteigerinnen' }));
    await services.worker.drain();
    const after = await request(app).get('/search?q=Boulderkurs').expect(200);
    expect(after.text).toContain('Boulderkurs für Einsteigerinnen');

    await updateOffer(services.offerDeps, offer.id, offerInput(ids, { title: 'Boulderkurs für alle' }));
    await services.worker.drain();
    const edited = await request(app).get('/search?q=Boulderkurs').expect(200);
    expect(edited.text).toContain('Boulderkurs für alle');
    expect(edited.text).not.toContain('Einsteigerinnen');
    const api = await request(app).get('/api/v1/search?q=Boulderkurs').expect(200);
    expect(api.body.hits.map((hit: { title: string }) => hit.title)).toEqual(['Boulderkurs für alle']);
  });

  it('the same address in another language is its own page, and a signed-in visitor never gets an anonymous copy', async () => {
    const german = await request(app).get('/search?q=Kurs').expect(200);
    expect(german.text).toContain('lang="de"');
    const english = await request(app).get('/search?q=Kurs').set('accept-language', 'en').expect(200);
    expect(english.text).toContain('lang="en"');
    expect(english.headers.vary).toMatch(/Accept-Language/);

    await createStaffAccount(services, { email: 'redaktion@ki.example', password: 'ein langes passwort', displayName: 'Jana Redaktion', role: 'editor' });
    const { agent } = await signIn(app, 'redaktion@ki.example', 'ein langes passwort');
    // The anonymous page for this address is cached now; the editor must get their own page, with their header.
    const signedIn = await agent.get('/search?q=Kurs').expect(200);
    expect(signedIn.text).toContain('href="/account">');
    expect(signedIn.text).toContain('<a href="/admin">Verwaltung</a>');
    expect(signedIn.text).toContain('action="/account/logout"');
    expect(signedIn.text).not.toContain('href="/account/login"');
    // And the editor's page (with their session's form token) never becomes the anonymous copy.
    const anonymousAgain = await request(app).get('/search?q=Kurs').expect(200);
    expect(anonymousAgain.text).toContain('href="/account/login"');
    expect(anonymousAgain.text).not.toContain('<a href="/admin">');
    expect(anonymousAgain.text).not.toContain('action="/account/logout"');
  });

  it('a repeated page comes from the cache with the same ETag, and a conditional request gets 304', async () => {
    const first = await request(app).get('/search?district=witten').expect(200);
    expect(first.headers.etag).toMatch(/^W\//);
    expect(first.headers.vary).toMatch(/X-Requested-With/);
    const before = services.engine.resultCache.stats();
    const again = await request(app).get('/search?district=witten').expect(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(services.engine.resultCache.stats().hits).toBe(before.hits + 1);
    await request(app).get('/search?district=witten').set('if-none-match', first.headers.etag!).expect(304);
  });

  it('addresses with unknown parameters or problems are rendered every time, so they cannot fill the cache', async () => {
    const before = services.engine.resultCache.stats();
    for (let n = 0; n < 5; n += 1) await request(app).get(`/search?q=Kurs&utm_source=${n}`).expect(200);
    await request(app).get('/search?district=atlantis').expect(400);
    // One entry at most: the search answer, which every spelling of the search shares; no page per address.
    expect(services.engine.resultCache.stats().entries).toBeLessThanOrEqual(before.entries + 1);
  });

  it('a change of taxonomy labels drops every cached page', async () => {
    await request(app).get('/search?q=Sprachcafe').expect(200);
    const before = services.engine.resultCache.stats();
    expect(before.entries).toBeGreaterThan(0);
    services.taxonomy.replaceTerms(services.taxonomy.terms('category').concat(services.taxonomy.terms('target'), services.taxonomy.terms('language'), services.taxonomy.terms('district'), services.taxonomy.terms('provider-kind')));
    const after = services.engine.resultCache.stats();
    expect(after.entries).toBe(0);
    expect(after.generation).toBe(before.generation + 1);
  });
});
