import type { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation } from '../../server/providers/provider-repository.ts';
import { emptyQuery } from '../../server/search/search-query.ts';
import { searchOffers, type SearchServiceDeps } from '../../server/search/search-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

const WITTEN = { lat: 51.4437, lng: 7.3528 };
const HATTINGEN = { lat: 51.3992, lng: 7.1858 };

describe('Meilisearch round trips per search', () => {
  let services: TestServices;
  let calls = 0;
  let deps: SearchServiceDeps;

  beforeAll(async () => {
    services = await createTestServices({ SEARCH_CACHE_ENTRIES: '0' });
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Sprachcafé für Eltern', childcare: true }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Hausaufgabenhilfe', categories: ['homework-help'] }));
    const hattingen = await insertLocation(
      services.db,
      ids.providerId,
      { name: 'Bürgerzentrum', street: 'Talstraße 8', postcode: '45525', city: 'Hattingen', district: 'hattingen', latitude: HATTINGEN.lat, longitude: HATTINGEN.lng, stepFree: true },
      new Date().toISOString(),
    );
    const wittenLater = await insertLocation(
      services.db,
      ids.providerId,
      { name: 'Nähstube', street: 'Bahnhofstraße 3', postcode: '58452', city: 'Witten', district: 'witten', latitude: WITTEN.lat + 0.001, longitude: WITTEN.lng, stepFree: true },
      new Date().toISOString(),
    );
    // Two offers at a place in each town (an offer's places are in the order they were created): the first
    // has Witten first, the second Hattingen; near either town one of them is found only at its second place.
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Nähtreff Witten und Hattingen', categories: ['meeting-cafe'], summary: 'Nähen in der Gruppe.', description: 'Wir nähen.', locationIds: [ids.locationId, hattingen] }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Nähtreff Hattingen und Witten', categories: ['meeting-cafe'], summary: 'Nähen in der Gruppe.', description: 'Wir nähen.', locationIds: [hattingen, wittenLater] }));
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
    // Without the words: the two Nähtreffs, which are also in Hattingen.
    expect(inOtherTown.suggestions).toEqual([{ kind: 'drop-query', count: 2 }, { kind: 'drop-facet', facet: 'district', count: 1 }]);
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

  it('a geo search counts each offer once, also one found only at a later place, in one round trip', async () => {
    for (const [near, radiusKm, expected] of [[WITTEN, 2, 2], [HATTINGEN, 2, 2], [WITTEN, 20, 2]] as const) {
      calls = 0;
      const result = await searchOffers(deps, { ...emptyQuery(), q: 'Nähtreff', near, radiusKm, sort: 'distance' });
      expect({ near, radiusKm, total: result.total, lowerBound: result.totalIsLowerBound, calls }).toEqual({ near, radiusKm, total: expected, lowerBound: false, calls: 1 });
      expect(new Set(result.hits.map((hit) => hit.title))).toEqual(new Set(['Nähtreff Witten und Hattingen', 'Nähtreff Hattingen und Witten']));
    }
  });

  it('an empty geo search gets its ways out in the same round trip, counting offers at their first place', async () => {
    calls = 0;
    const result = await searchOffers(deps, { ...emptyQuery(), q: 'Nähtreff', childcare: true, near: WITTEN, radiusKm: 2, sort: 'distance' });
    expect(result.total).toBe(0);
    expect(calls).toBe(1);
    // Without "childcare": of the two Nähtreffs only the one whose first place is in Witten is counted;
    // without the words: the Sprachcafé (with childcare) in Witten. The wider radius finds no offer with childcare either.
    expect(result.suggestions).toEqual([
      { kind: 'drop-flag', flag: 'childcare', count: 1 },
      { kind: 'drop-query', count: 1 },
    ]);
  });
});
