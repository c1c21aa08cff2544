import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { runTask, type SearchEngine } from '../../server/search-engine/search-engine.ts';
import type { OfferSearchDocument } from '../../server/search/search-document-mapper.ts';
import { OFFERS_INDEX } from '../../server/search/offer-search-index.ts';
import { OFFER_INDEX_SETTINGS } from '../../server/search/search-index-settings.ts';
import { SEARCH_SYNC_MAX_ATTEMPTS, SearchSyncWorker } from '../../server/search/search-sync-worker.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { signIn } from '../support/web-session.ts';

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A member of the real object, methods bound to it (its private fields need the real `this`). */
function bound(target: object, property: string | symbol): unknown {
  const value = Reflect.get(target, property) as unknown;
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}

/** The real engine, except that one offer's documents get an id Meilisearch refuses. */
function poisonOffer(engine: SearchEngine, offerId: number): SearchEngine {
  const client = new Proxy(engine.client, {
    get(target, property) {
      if (property !== 'index') return bound(target, property);
      return (uid: string) => {
        const index = target.index<OfferSearchDocument>(uid);
        return new Proxy(index, {
          get(real, name) {
            if (name !== 'addDocuments') return bound(real, name);
            return (documents: OfferSearchDocument[], options: Parameters<typeof real.addDocuments>[1]) =>
              real.addDocuments(documents.map((doc) => (doc.offerId === offerId ? { ...doc, id: 'kaputt!' } : doc)), options);
          },
        });
      };
    },
  });
  return { ...engine, client };
}

describe('the search sync worker with an offer Meilisearch refuses', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const stopAfter: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Redaktion', role: 'editor' });
  });
  afterAll(async () => {
    for (const stop of stopAfter) await stop();
    await services?.close();
  });

  it('indexes the others offer by offer, parks the refused one after repeated attempts, and says so in /healthz and to staff', async () => {
    const place = await createProviderWithLocation(services.db);
    await services.worker.stop();
    await createOffer(services.offerDeps, offerInput(place, { title: 'Nähtreff vorher' }));
    const bad = await createOffer(services.offerDeps, offerInput(place, { title: 'Nähtreff kaputt' }));
    await createOffer(services.offerDeps, offerInput(place, { title: 'Nähtreff nachher' }));
    // Stands in for data the mapper lets through but Meilisearch refuses: this offer's documents reach the
    // real Meilisearch with an id it does not accept, so it fails the whole batch task (invalid_document_id).
    const poisoned = poisonOffer(services.engine, bad.id);
    const worker = new SearchSyncWorker({ db: services.db, engine: poisoned, taxonomy: services.taxonomy, clock: services.clock, logger: createSilentLogger() });
    worker.start();
    stopAfter.push(() => worker.stop());

    await until(() => searchTitles(services, 'Nähtreff'), (titles) => titles.length === 2, 'the two good offers');
    expect((await searchTitles(services, 'Nähtreff')).sort()).toEqual(['Nähtreff nachher', 'Nähtreff vorher']);
    const parked = await until(() => services.db('search_outbox').where({ offer_id: bad.id }).first(), (row) => row?.parked_at != null, 'the bad row to be parked');
    expect(parked.attempts).toBe(SEARCH_SYNC_MAX_ATTEMPTS);
    expect(parked.processed_at).toBeNull();
    expect(parked.last_error).toMatch(/^Meilisearch task \d+ \(documentAdditionOrUpdate\) failed: .*kaputt!/);
    await worker.drain();

    const health = await request(app).get('/healthz').expect(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.db.parkedSearchSync).toBe(1);
    expect(health.body.reasons).toEqual(['1 offer(s) parked after Meilisearch refused them repeatedly']);

    const { agent } = await signIn(app, 'redaktion@ki.example', 'ein sicheres passwort');
    const overview = await agent.get('/admin').expect(200);
    expect(overview.text).toContain('Angebote, die nicht in die Suche übernommen werden konnten: 1');
    expect(overview.text).toContain('href="/healthz"');
  });
});

describe('/healthz when the index cannot be written', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('reports degraded with Meilisearch’s reason while every write fails, and ok again once writes succeed', async () => {
    const place = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(place, { title: 'Schreibtest eins' }));
    await services.worker.drain();
    expect((await request(app).get('/healthz').expect(200)).body.reasons).toEqual([]);

    // The live index no longer lets documents be found by offer: every sync task fails, though Meilisearch answers /health.
    const index = services.engine.client.index(services.engine.indexUid(OFFERS_INDEX));
    await runTask(index.updateFilterableAttributes(['district']));
    await createOffer(services.offerDeps, offerInput(place, { title: 'Schreibtest zwei' }));
    const failing = await until(() => request(app).get('/healthz'), (response) => response.status === 503, 'a degraded report');
    expect(failing.body.status).toBe('degraded');
    expect(failing.body.search.status).toBe('ok');
    expect(failing.body.reasons).toHaveLength(1);
    expect(failing.body.reasons[0]).toMatch(/^search index cannot be written: Meilisearch task \d+ \(documentDeletion\) failed: .*offerId/);
    // An index that refuses everything is not one offer's fault: nothing is parked.
    expect(failing.body.db.parkedSearchSync).toBe(0);

    await runTask(index.updateFilterableAttributes(OFFER_INDEX_SETTINGS.filterableAttributes as string[]));
    await services.worker.drain(90_000);
    const healthy = await request(app).get('/healthz').expect(200);
    expect(healthy.body).toMatchObject({ status: 'ok', reasons: [] });
    expect(await searchTitles(services, 'Schreibtest')).toHaveLength(2);
  });
});
