import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createTestDatabase } from './test-database.ts';
import { openStorage, startServices, stopServices, type Services } from '../../server/bootstrap.ts';
import { loadConfig, type AppConfig } from '../../server/config/config.ts';
import type { Database } from '../../server/db/db-connection.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import type { OfferServiceDeps } from '../../server/offers/offer-service.ts';
import type { OfferInput } from '../../server/offers/offer-types.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { emptyQuery, type SearchQuery } from '../../server/search/search-query.ts';
import { searchOffers } from '../../server/search/search-service.ts';

let counter = 0;

/**
 * A fresh temp data folder and an index prefix no other test uses; on the
 * PostgreSQL pass also a fresh database (unless `DATABASE_URL` is given, to
 * open another test's database again).
 */
export function testConfig(overrides: Record<string, string> = {}, options: { sqlite?: boolean } = {}): { config: AppConfig; cleanup: () => void } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-test-'));
  const database = overrides.DATABASE_URL || options.sqlite ? undefined : createTestDatabase();
  counter += 1;
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: database.url } : {}),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX_PREFIX: `t${process.pid}_${counter}_${Date.now().toString(36)}_`,
    ...overrides,
  });
  return {
    config,
    cleanup: () => {
      rmSync(dataDir, { recursive: true, force: true });
      database?.drop();
    },
  };
}

/** Overrides that open the same storage as `config` again: its data folder and, on PostgreSQL, its database. */
export function sameStorage(config: AppConfig): Record<string, string> {
  return { DATA_DIR: config.dataDir, ...(config.database.client === 'pg' ? { DATABASE_URL: config.database.url } : {}) };
}

/** Real SQLite in a temp folder, migrated, with region and taxonomy; no search engine. */
export async function createTestStorage(overrides: Record<string, string> = {}) {
  const { config, cleanup } = testConfig(overrides);
  const storage = await openStorage(config, createSilentLogger(), () => new Date());
  return {
    ...storage,
    config,
    async close() {
      await storage.db.destroy();
      cleanup();
    },
  };
}

export interface TestServices extends Services {
  offerDeps: OfferServiceDeps;
  close(): Promise<void>;
}

/**
 * The full service stack on the pass's database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL; `sqlite: true` insists on SQLite) and the shared real
 * Meilisearch, with its own index.
 */
export async function createTestServices(overrides: Record<string, string> = {}, options: { sqlite?: boolean } = {}): Promise<TestServices> {
  const { config, cleanup } = testConfig(overrides, options);
  const services = await startServices(config, createSilentLogger(), { PATH: process.env.PATH });
  return {
    ...services,
    offerDeps: { db: services.db, taxonomy: services.taxonomy, clock: services.clock, notifySearch: services.notifySearch },
    async close() {
      const indexes = await services.engine.client.getRawIndexes({ limit: 1000 }).catch(() => ({ results: [] }));
      for (const index of indexes.results) {
        if (index.uid.startsWith(config.meili.indexPrefix)) await services.engine.client.deleteIndex(index.uid).catch(() => undefined);
      }
      await stopServices(services);
      cleanup();
    },
  };
}

/** A provider with one location in Witten; returns their ids. */
export async function createProviderWithLocation(db: Database, name = 'Testträger Witten e.V.'): Promise<{ providerId: number; locationId: number }> {
  const now = new Date().toISOString();
  counter += 1;
  const providerId = await insertProvider(db, { slug: `testtraeger-${counter}`, name, description: 'Ein Träger für Tests.', kind: 'club' }, now);
  const locationId = await insertLocation(
    db,
    providerId,
    { name: 'Treffpunkt Mitte', street: 'Ruhrstraße 1', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.4437, longitude: 7.3528, stepFree: true },
    now,
  );
  return { providerId, locationId };
}

/** A valid offer input; override what the test is about. */
export function offerInput(ids: { providerId: number; locationId: number }, overrides: Partial<OfferInput> = {}): OfferInput {
  return {
    providerId: ids.providerId,
    title: 'Sprachcafé für Eltern',
    summary: 'Gespräche auf Deutsch bei Kaffee und Tee.',
    description: 'Wir üben Alltagsdeutsch in kleiner Runde.',
    cost: 'free',
    format: 'in-person',
    categories: ['language-cafe'],
    targetGroups: ['parents'],
    languages: ['de', 'ar'],
    schedule: [{ weekday: 2, opensAt: '10:00', closesAt: '12:00' }],
    locationIds: [ids.locationId],
    status: 'published',
    ...overrides,
  };
}

/** The titles a visitor would see for a search, through the app's own search service (all pages). */
export async function searchTitles(services: Services, q: string, filters: Partial<SearchQuery> = {}): Promise<string[]> {
  const titles: string[] = [];
  for (let page = 1; ; page += 1) {
    const result = await searchOffers(services, { ...emptyQuery(), q, ...filters, page });
    titles.push(...result.hits.map((hit) => hit.title));
    if (page >= result.totalPages) return titles;
  }
}
