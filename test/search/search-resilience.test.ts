import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { checkHealth } from '../../server/health/health-service.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { startEmbeddedMeili, type EmbeddedMeili } from '../../server/search-engine/meili-process.ts';
import { countPendingOutbox } from '../../server/search/search-outbox-repository.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

/** A Meilisearch of this test's own, so stopping and killing it disturbs no other test. */
async function ownMeili(folder: string, port?: number): Promise<EmbeddedMeili> {
  return startEmbeddedMeili({
    binary: inject('meiliBinary'),
    dataDir: folder,
    maxIndexingMemory: '256MiB',
    startupTimeoutMs: 60_000,
    logger: createSilentLogger(),
    ...(port ? { port } : {}),
  });
}

describe('search sync when Meilisearch goes away', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('writes succeed while Meilisearch is stopped and are searchable after it returns', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-meili-stop-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    let meili = await ownMeili(folder);
    const port = Number(new URL(meili.url).port);
    const services: TestServices = await createTestServices({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey });
    cleanups.push(async () => {
      await services.close();
      await meili.stop();
    });
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Vorher veröffentlicht' }));
    await services.worker.drain();

    await meili.stop();
    for (let n = 1; n <= 5; n += 1) await createOffer(services.offerDeps, offerInput(ids, { title: `Während der Pause ${n}` }));
    expect(await services.db('offers').count({ n: '*' }).first()).toEqual({ n: 6 });
    expect((await checkHealth(services)).search.status).toBe('unavailable');
    // The worker has tried (and failed) at least once, and kept every row.
    await expect.poll(() => services.worker.status().consecutiveFailures, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await countPendingOutbox(services.db)).toBe(5);

    meili = await ownMeili(folder, port);
    await services.worker.drain(90_000);
    const titles = await searchTitles(services, 'Pause');
    expect(titles.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `Während der Pause ${n}`));
    expect(await searchTitles(services, 'Vorher')).toEqual(['Vorher veröffentlicht']);
  });

  it('killing the embedded Meilisearch in the middle of writes loses nothing: it is restarted and catches up', async () => {
    const services = await createTestServices({ MEILI_URL: '', MEILI_MASTER_KEY: '', MEILI_MAX_INDEXING_MEMORY: '256MiB' });
    cleanups.push(() => services.close());
    expect(services.engine.embedded).toBeDefined();
    const ids = await createProviderWithLocation(services.db);
    const firstPid = services.engine.embedded!.pid()!;
    for (let n = 1; n <= 40; n += 1) {
      await createOffer(services.offerDeps, offerInput(ids, { title: `Laufende Arbeit ${n}` }));
      if (n === 15) process.kill(firstPid, 'SIGKILL');
    }
    await services.worker.drain(90_000);
    expect(services.engine.embedded!.restarts()).toBeGreaterThanOrEqual(1);
    expect(services.engine.embedded!.pid()).not.toBe(firstPid);
    const result = await services.engine.client.index(services.engine.indexUid('offers')).search('Arbeit', { limit: 100 });
    expect(result.hits).toHaveLength(40);
  });
});
