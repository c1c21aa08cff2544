/**
 * A large generated directory for the search benchmark: N published offers,
 * written through the app's own code (config, storage, demo generator and
 * seeder, so every offer passes parseOfferInput) and indexed by the app's own
 * start-up (startServices → reconcile builds the missing index).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { openStorage, startServices, stopServices } from '../../server/bootstrap.ts';
import { loadConfig, type AppConfig } from '../../server/config/config.ts';
import { readDemoContent } from '../../server/demo/demo-content.ts';
import { generateDemoDirectory } from '../../server/demo/demo-generator.ts';
import { seedDemoDirectory } from '../../server/demo/demo-seeder.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { countPublishedOffers } from '../../server/offers/offer-repository.ts';
import { countIndexedDocuments } from '../../server/search/offer-search-index.ts';

export const DEFAULT_SCALE_OFFERS = 100_000;
/** Written last, so a folder whose generation was interrupted is never taken for a finished one. */
const MARKER_FILE = 'scale-data.json';

export interface ScaleDataSummary {
  dataDir: string;
  offers: number;
  providers: number;
  locations: number;
  documents: number;
  generateSeconds: number;
  seedSeconds: number;
  indexSeconds: number;
  createdAt: string;
}

/** The configuration the scale data set is written and read with: always an embedded Meilisearch of its own. */
export function scaleConfig(dataDir: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    MEILI_BINARY: process.env.MEILI_BINARY,
    MEILI_MAX_INDEXING_MEMORY: '2GiB',
    MEILI_STARTUP_TIMEOUT_MS: '120000',
    ...overrides,
  });
}

/** The summary of a finished data set in this folder, or undefined. */
export function readScaleData(dataDir: string): ScaleDataSummary | undefined {
  const file = path.join(dataDir, MARKER_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ScaleDataSummary;
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const thousands = (n: number) => n.toLocaleString('en-GB');

/**
 * A pino logger for startServices that prints what a person waiting wants to
 * see: the reconcile's "indexing offers into Meilisearch" records as a progress
 * line every `every` offers, the reason for a rebuild, and warnings and errors.
 */
export function progressLogger(log: (line: string) => void, options: { total?: number; every: number; started: () => number; prefix?: string }) {
  const prefix = options.prefix ?? '  ';
  const of = options.total ? `/${thousands(options.total)}` : '';
  let nextReport = options.every;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const record = JSON.parse(line) as { level: number; msg?: string; offers?: number; documents?: number };
          if (record.msg === 'indexing offers into Meilisearch' && typeof record.offers === 'number') {
            if (record.offers >= nextReport || (options.total !== undefined && record.offers >= options.total)) {
              log(`${prefix}indexed ${thousands(record.offers)}${of} offers (${thousands(record.documents ?? 0)} documents) after ${seconds(options.started()).toFixed(1)} s`);
              while (nextReport <= record.offers) nextReport += options.every;
            }
          } else if (record.msg?.includes('rebuilding') || record.msg === 'empty database: generating the demo directory') {
            log(`${prefix}${record.msg}`);
          } else if (record.level >= 40) {
            log(`${prefix}[${record.level >= 50 ? 'error' : 'warn'}] ${record.msg ?? line}`);
          }
        } catch {
          // not a JSON line: ignore
        }
      }
      done();
    },
  });
  return pino({ level: 'info' }, stream);
}

/**
 * Creates the data set in `dataDir`, which must not hold a database yet:
 * SQLite first (one transaction, as the demo seeder does), then the index.
 */
export async function generateScaleData(options: {
  dataDir: string;
  offers?: number;
  log?: (line: string) => void;
}): Promise<ScaleDataSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const total = options.offers ?? DEFAULT_SCALE_OFFERS;
  const config = scaleConfig(options.dataDir);
  if (existsSync(config.databaseFile)) {
    throw new Error(`${config.databaseFile} already exists; the scale generator only writes into a fresh data folder.`);
  }
  if (existsSync(options.dataDir) && readdirSync(options.dataDir).some((name) => !name.startsWith('.'))) {
    throw new Error(`${options.dataDir} is not empty; the scale generator only writes into a fresh data folder.`);
  }
  const now = new Date().toISOString();
  log(`Scale data: ${thousands(total)} published offers into ${options.dataDir}`);

  // 1. SQLite through the app's storage code, with the demo directory turned off.
  const storage = await openStorage(config, createSilentLogger(), () => new Date());
  let generateSeconds = 0;
  let seedSeconds = 0;
  let seeded;
  try {
    let started = performance.now();
    const directory = generateDemoDirectory(readDemoContent(config.demoDir, storage.region.slug), storage.region, storage.taxonomy, { publishedOffers: total });
    generateSeconds = seconds(started);
    log(
      `  generated ${thousands(directory.offers.length)} offers (${thousands(total)} published) from ${directory.providers.length} providers ` +
        `in ${generateSeconds.toFixed(1)} s, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
    );
    started = performance.now();
    const every = total >= 50_000 ? 10_000 : 1_000;
    seeded = await seedDemoDirectory(storage.db, storage.taxonomy, directory, {
      now,
      onProgress: (done, all) => {
        if (done % every === 0) log(`  validated and wrote ${thousands(done)}/${thousands(all)} offers after ${seconds(started).toFixed(1)} s`);
      },
    });
    seedSeconds = seconds(started);
    log(`  SQLite: ${seeded.offers} offers, ${seeded.providers} providers, ${seeded.locations} locations in one transaction, ${seedSeconds.toFixed(1)} s`);
  } finally {
    await storage.db.destroy();
  }

  // 2. The index, built by the app's own start-up: reconcile finds no index and builds it.
  let startedAt = performance.now();
  const logger = progressLogger(log, { total: seeded.published, every: total >= 50_000 ? 10_000 : 1_000, started: () => startedAt });
  log('  starting the app services (embedded Meilisearch, reconcile builds the index) …');
  startedAt = performance.now();
  const services = await startServices(config, logger, { PATH: process.env.PATH });
  let documents = 0;
  let indexSeconds = 0;
  try {
    indexSeconds = seconds(startedAt);
    documents = await countIndexedDocuments(services.engine);
    const published = await countPublishedOffers(services.db);
    log(`  index: ${thousands(documents)} documents for ${thousands(published)} published offers, ${indexSeconds.toFixed(1)} s including the Meilisearch start`);
  } finally {
    await stopServices(services);
  }
  const summary: ScaleDataSummary = {
    dataDir: options.dataDir,
    offers: seeded.published,
    providers: seeded.providers,
    locations: seeded.locations,
    documents,
    generateSeconds,
    seedSeconds,
    indexSeconds,
    createdAt: now,
  };
  writeFileSync(path.join(options.dataDir, MARKER_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
