import type { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffer } from '../../server/offers/offer-service.ts';
import { emptyQuery } from '../../server/search/search-query.ts';
import { searchOffers, type SearchServiceDeps } from '../../server/search/search-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

describe('Meilisearch round trips per search', () => {
  let services: TestServices;
  let calls = 0;
  let deps: SearchServiceDeps;

  beforeAll(async () => {
    services = await createTestServices({ SEARCH_CACHE_ENTRIES: '0' });
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Sprachcafé für Eltern', childcare: true }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Hausaufgabenhilfe', categories: ['homework-help'] }));
    await services.worker.drain();
    const real = services.engine.client;
    const client = { multiSearch: (body: Parameters<Meilisearch['multiSearch']>[0]) => ((calls += 1), real.multiSearch(body)) } as unknown as Meilisearch;
    deps = { engine: { ...services.engine, client }, taxonomy: services.taxonomy };
  });
  afterAll(async () => services?.close());

  it('an empty search gets its ways out in the same round trip, with the counts of each restriction lifted', async () => {
    calls = 0;
    const inOtherTown = await searchOffers(deps, { ...emptyQuery(), q: 'Sprachcafé', district: ['hattingen'] });
    expect(inOtherTown.total).toBe(0);
    expect(calls).toBe(1);
    expect(inOtherTown.suggestions).toEqual([{ kind: 'drop-facet', facet: 'district', count: 1 }]);
    calls = 0;
    const withFlag = await searchOffers(deps, { ...emptyQuery(), q: 'Hausaufgabenhilfe', childcare: true });
    expect(withFlag.total).toBe(0);
    expect(calls).toBe(1);
    expect(withFlag.suggestions).toEqual([{ kind: 'drop-flag', flag: 'childcare', count: 1 }, { kind: 'drop-query', count: 1 }]);
  });

  it('a search with results is one round trip and offers no ways out', async () => {
    calls = 0;
    const result = await searchOffers(deps, { ...emptyQuery(), q: 'Sprachcafé', district: ['witten'] });
    expect(result.total).toBe(1);
    expect(result.suggestions).toEqual([]);
    expect(calls).toBe(1);
  });
});
