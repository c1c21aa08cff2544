import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffer, unpublishOffer } from '../../server/offers/offer-service.ts';
import { countExpectedDocuments, countIndexedDocuments, rebuildOfferIndex } from '../../server/search/offer-search-index.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

describe('rebuilding the index (npm run reindex)', () => {
  let services: TestServices;

  beforeAll(async () => {
    services = await createTestServices();
    const ids = await createProviderWithLocation(services.db);
    for (let n = 1; n <= 30; n += 1) await createOffer(services.offerDeps, offerInput(ids, { title: `Beratungsangebot Nummer ${n}` }));
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it('keeps the old index answering searches until the swap, then holds exactly what SQLite holds', async () => {
    await services.db('offers').update({ title: 'Umbenanntes Angebot' }).where({ id: 1 });
    const liveDuringBuild: string[][] = [];
    const progress = await rebuildOfferIndex(services, async () => {
      liveDuringBuild.push(await searchTitles(services, 'Beratungsangebot'));
    });
    expect(progress).toEqual({ offers: 30, documents: 30 });
    expect(liveDuringBuild.length).toBeGreaterThan(0);
    for (const titles of liveDuringBuild) expect(titles).toHaveLength(30);
    expect(await searchTitles(services, 'Beratungsangebot')).toHaveLength(29);
    expect(await searchTitles(services, 'Umbenanntes')).toEqual(['Umbenanntes Angebot']);
    expect(await countIndexedDocuments(services.engine)).toBe(await countExpectedDocuments(services.db));
  });

  it('a change committed while the new index is being built is in the index afterwards', async () => {
    const [first] = await services.db('offers').where({ status: 'published' }).select('id').orderBy('id').limit(1);
    let changed = false;
    await rebuildOfferIndex(services, async () => {
      if (changed) return;
      changed = true;
      await unpublishOffer(services.offerDeps, first!.id);
    });
    await services.worker.drain();
    expect(await countExpectedDocuments(services.db)).toBe(29);
    expect(await countIndexedDocuments(services.engine)).toBe(29);
  });

  it('leaves no temporary index behind', async () => {
    const { results } = await services.engine.client.getRawIndexes({ limit: 1000 });
    const ours = results.map((index) => index.uid).filter((uid) => uid.startsWith(services.config.meili.indexPrefix));
    expect(ours).toEqual([services.engine.indexUid('offers')]);
  });
});
