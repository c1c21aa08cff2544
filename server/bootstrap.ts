import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StartupError, type AppConfig } from './config/config.ts';
import { connectOnce, migrateToLatest, openDatabase, type Database } from './db/db-connection.ts';
import { readDemoContent } from './demo/demo-content.ts';
import { generateDemoDirectory } from './demo/demo-generator.ts';
import { seedDemoDirectory } from './demo/demo-seeder.ts';
import type { Logger } from './logging/logger.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { readMeta, writeMeta } from './db/app-meta-repository.ts';
import { createMailLinks, type MailLinks } from './mail/mail-links.ts';
import { MailOutboxWorker } from './mail/mail-outbox-worker.ts';
import { countProviders } from './providers/provider-repository.ts';
import { loadRegion, type Region } from './region/region-config.ts';
import { connectSearchEngine, type SearchEngine } from './search-engine/search-engine.ts';
import { reconcileSearchIndex } from './search/search-reconcile.ts';
import { loadSearchVocabulary } from './search/offer-search-index.ts';
import { SearchSyncWorker } from './search/search-sync-worker.ts';
import { loadTaxonomy, readTaxonomyFiles, seedTaxonomy, type Taxonomy } from './taxonomy/taxonomy.ts';

export interface Services {
  config: AppConfig;
  logger: Logger;
  db: Database;
  region: Region;
  taxonomy: Taxonomy;
  engine: SearchEngine;
  worker: SearchSyncWorker;
  mailer: Mailer;
  /** Sends the mail outbox. */
  mailWorker: MailOutboxWorker;
  /** Mailed links, from the configured site address only. */
  links: MailLinks;
  sessionSecret: string;
  clock: () => Date;
  /** Wakes the search sync worker after a write. */
  notifySearch: () => void;
}

/** SESSION_SECRET, or one generated once into the data folder. */
function sessionSecret(config: AppConfig): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function ensureWritableDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new StartupError(`DATA_DIR ${dataDir} is not writable (${reason}); choose a folder this user may write to.`);
  }
}

/** A data folder holds one region's directory: starting it with another region would mix towns and offers. */
async function claimDataDirForRegion(db: Database, config: AppConfig, region: Region): Promise<void> {
  const holder = await readMeta(db, 'region');
  if (holder === undefined) await writeMeta(db, 'region', region.slug);
  else if (holder !== region.slug) {
    const where = config.database.client === 'pg' ? ['The database at DATABASE_URL', 'DATABASE_URL'] : [`DATA_DIR ${config.dataDir}`, 'DATA_DIR'];
    throw new StartupError(`${where[0]} holds the directory of REGION "${holder}"; start it with REGION=${holder}, or choose another ${where[1]} for "${region.slug}".`);
  }
}

/** PostgreSQL that cannot be reached or entered is a sentence for the operator, not a stack trace. */
function unreachableDatabase(config: AppConfig, error: unknown): StartupError | undefined {
  if (config.database.client !== 'pg') return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  // Connection refused or unknown host, database missing (3D000), login refused (28xxx).
  if (!/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|3D000|28000|28P01)$/.test(code)) return undefined;
  const url = new URL(config.database.url);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  return new StartupError(`PostgreSQL at DATABASE_URL (${where}) cannot be used (${code}: ${(error as Error).message}); check that it runs, that the database exists and that DATABASE_URL is right.`);
}

/** Opens the database, loads region and taxonomy, and seeds the demo directory into an empty database. */
export async function openStorage(config: AppConfig, logger: Logger, clock: () => Date) {
  ensureWritableDataDir(config.dataDir);
  const region = loadRegion(config.regionsDir, config.region);
  const db = openDatabase(config.database);
  try {
    if (config.database.client === 'pg') {
      await connectOnce(config.database.url).catch((error: unknown) => {
        throw unreachableDatabase(config, error) ?? error;
      });
    }
    await migrateToLatest(db);
    await claimDataDirForRegion(db, config, region);
    await seedTaxonomy(db, readTaxonomyFiles(config.taxonomyDir, region));
    const taxonomy = await loadTaxonomy(db);
    if (config.demoData && (await countProviders(db)) === 0) {
      logger.info('empty database: generating the demo directory');
      const directory = generateDemoDirectory(readDemoContent(config.demoDir, region.slug), region, taxonomy);
      const seeded = await seedDemoDirectory(db, taxonomy, directory, { now: clock().toISOString() });
      logger.info(seeded, 'demo directory written');
    }
    return { db, region, taxonomy };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * Starts everything the app needs: storage, the search engine, the index
 * reconciled with SQLite, and the sync worker.
 */
export async function startServices(config: AppConfig, logger: Logger, env: { PATH?: string | undefined }, clock = () => new Date()): Promise<Services> {
  const { db, region, taxonomy } = await openStorage(config, logger, clock);
  let engine: SearchEngine | undefined;
  try {
    engine = await connectSearchEngine(config, logger, env);
    const worker = new SearchSyncWorker({ db, engine, taxonomy, clock, logger });
    const { resultCache } = engine;
    taxonomy.onChange(() => resultCache.invalidate());
    const outcome = await reconcileSearchIndex({ db, engine, taxonomy, clock, logger }, worker);
    worker.start();
    logger.info({ outcome }, 'search index reconciled');
    // Not awaited: queries work without it, only less well read, for the moment it takes.
    void loadSearchVocabulary({ db, engine, taxonomy, clock }).catch((error: unknown) => logger.warn({ err: error }, 'search vocabulary not loaded'));
    const mailer = createMailer({ ...config.mail, logger, clock });
    const mailWorker = new MailOutboxWorker({ db, mailer, logger });
    mailWorker.start();
    const links = createMailLinks(config.siteUrl);
    return { config, logger, db, region, taxonomy, engine, worker, mailer, mailWorker, links, sessionSecret: sessionSecret(config), clock, notifySearch: () => worker.notify() };
  } catch (error) {
    await engine?.close();
    await db.destroy();
    throw error;
  }
}

/** Stops the workers, then the search engine, then the database. */
export async function stopServices(services: Services): Promise<void> {
  await services.mailWorker.stop();
  await services.worker.stop();
  await services.engine.close();
  await services.db.destroy();
}
