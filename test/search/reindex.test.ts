import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffer, unpublishOffer } from '../../server/offers/offer-service.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { runTask } from '../../server/search-engine/search-engine.ts';
import { countExpectedDocuments, countIndexedDocuments, rebuildOfferIndex } from '../../server/search/offer-search-index.ts';
import { OFFER_QUERY_SETTINGS } from '../../server/search/search-index-settings.ts';
import { reconcileSearchIndex } from '../../server/search/search-reconcile.ts';
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

  it('a changed query setting is applied in place at the next start, without a rebuild', async () => {
    const index = services.engine.client.index(services.engine.indexUid('offers'));
    await runTask(index.updateSettings({ displayedAttributes: ['*'], pagination: { maxTotalHits: 1000 } }));
    const outcome = await reconcileSearchIndex({ ...services, logger: createSilentLogger() }, services.worker);
    expect(outcome).toBe('up-to-date');
    const settings = await index.getSettings();
    expect(settings.displayedAttributes).toEqual(OFFER_QUERY_SETTINGS.displayedAttributes);
    expect(settings.pagination).toEqual(OFFER_QUERY_SETTINGS.pagination);
    // Hits carry what cards need, not the long texts.
    const [hit] = (await index.search('Beratungsangebot', { limit: 1 })).hits;
    expect(hit).toHaveProperty('title');
    expect(hit).not.toHaveProperty('description');
  });
});
