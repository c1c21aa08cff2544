import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInstanceId } from './cluster/instance-id.ts';
import { SharedVersionWatcher } from './cluster/shared-versions.ts';
import { startClusterSignals, type ClusterSignals } from './cluster/cluster-signals.ts';
import { createLease, migrateWhenFree, STARTUP_WAIT_MS } from './cluster/cluster-startup.ts';
import { withLease, type WorkerLease } from './cluster/worker-lease.ts';
import { StartupError, type AppConfig } from './config/config.ts';
import { connectOnce, migrateToLatest, openDatabase, type Database } from './db/db-connection.ts';
import { readDemoContent } from './demo/demo-content.ts';
import { generateDemoDirectory } from './demo/demo-generator.ts';
import { seedDemoDirectory } from './demo/demo-seeder.ts';
import type { Logger } from './logging/logger.ts';
import { SearchMissRecorder } from './insights/search-miss-recorder.ts';
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
import { startDatabaseSearch } from './search/database-search-start.ts';
import type { DatabaseSearchCopier } from './search/database-search-copier.ts';
import { loadTaxonomy, readTaxonomyFiles, seedTaxonomy, type Taxonomy } from './taxonomy/taxonomy.ts';
import { createTranslationClient } from './translation/translation-client.ts';
import type { MachineTranslation } from './translation/translation-service.ts';
import { TranslationWorker } from './translation/translation-worker.ts';

export interface Services {
  config: AppConfig;
  logger: Logger;
  db: Database;
  region: Region;
  taxonomy: Taxonomy;
  engine: SearchEngine;
  worker: SearchSyncWorker;
  /** Keeps the database copy of the search documents current, for the fallback search. */
  searchCopier: DatabaseSearchCopier;
  mailer: Mailer;
  /** Sends the mail outbox. */
  mailWorker: MailOutboxWorker;
  /** Mailed links, from the configured site address only. */
  links: MailLinks;
  sessionSecret: string;
  clock: () => Date;
  /** Wakes the search sync worker after a write. */
  notifySearch: () => void;
  /** Names this process among the app instances sharing the database (leases). */
  instanceId: string;
  /** Drops the answer cache when another instance changed the index, reloads the taxonomy when staff changed it elsewhere. */
  versionWatcher: SharedVersionWatcher;
  /** Tells the other instances at once that staff changed the taxonomy (PostgreSQL). */
  notifyTaxonomy: () => void;
  /** Wakes the other instances at once on PostgreSQL (LISTEN/NOTIFY); nothing on SQLite. */
  signals: ClusterSignals;
  /** The workers' and leases' own pool on PostgreSQL; `db` itself on SQLite (one connection). */
  backgroundDb: Database;
  /** Machine translation of offers: its configuration (null: off) and its worker. */
  translation: MachineTranslation & { worker: TranslationWorker | null };
  /** Counts searches that found nothing, in batches; flushed when the services stop. */
  searchMisses: SearchMissRecorder;
}

/** The translation worker when TRANSLATION_PROVIDER is set; queued jobs wait while it is off. */
function startTranslation(config: AppConfig, deps: { db: Database; logger: Logger; notifySearch: () => void; lease: WorkerLease }): Services['translation'] {
  if (!config.translation) return { config: null, worker: null, notify: () => undefined };
  const client = createTranslationClient(config.translation, deps);
  const worker = new TranslationWorker({ ...deps, client, config: config.translation });
  worker.start();
  return { config: config.translation, worker, notify: () => worker.notify() };
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
export async function openStorage(config: AppConfig, logger: Logger, clock: () => Date, instanceId = createInstanceId()) {
  ensureWritableDataDir(config.dataDir);
  const region = loadRegion(config.regionsDir, config.region);
  const db = openDatabase(config.database);
  try {
    if (config.database.client === 'pg') {
      await connectOnce(config.database.url).catch((error: unknown) => {
        throw unreachableDatabase(config, error) ?? error;
      });
    }
    await migrateWhenFree(db);
    // Instances starting together take turns, so the demo directory is written once.
    const taxonomy = await withLease(createLease(db, config, instanceId, 'startup', logger), STARTUP_WAIT_MS, async () => {
      await claimDataDirForRegion(db, config, region);
      await seedTaxonomy(db, readTaxonomyFiles(config.taxonomyDir, region));
      const loaded = await loadTaxonomy(db);
      if (config.demoData && (await countProviders(db)) === 0) {
        logger.info('empty database: generating the demo directory');
        const directory = generateDemoDirectory(readDemoContent(config.demoDir, region.slug), region, loaded);
        const seeded = await seedDemoDirectory(db, loaded, directory, { now: clock().toISOString() });
        logger.info(seeded, 'demo directory written');
      }
      return loaded;
    });
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
  const instanceId = createInstanceId();
  const { db, region, taxonomy } = await openStorage(config, logger, clock, instanceId);
  let engine: SearchEngine | undefined;
  // On PostgreSQL the workers and leases get a pool of their own: requests crowding the main pool (say,
  // database searches while Meilisearch is away) must not delay a lease's renewal or the outbox.
  const background = config.database.client === 'pg' ? openDatabase(config.database) : db;
  const signals = startClusterSignals(config.database, background, logger);
  let versionWatcher: SharedVersionWatcher | undefined;
  let searchCopier: DatabaseSearchCopier | undefined;
  try {
    engine = await connectSearchEngine(config, logger, env);
    const { resultCache } = engine;
    versionWatcher = new SharedVersionWatcher({ db: background, cache: resultCache, taxonomy, intervalMs: config.searchCache.pollMs, logger, signals });
    await versionWatcher.start();
    // Every instance reloads its own taxonomy (through the shared version), so each drops its own answers.
    taxonomy.onChange(() => resultCache.invalidate({ announce: false }));
    const watcher = versionWatcher;
    const refreshTaxonomy = () => watcher.check();
    const copyLease = createLease(background, config, instanceId, 'search-copy', logger);
    // Like the index, the database copy is checked (and rebuilt) by one instance at a time.
    searchCopier = await withLease(createLease(db, config, instanceId, 'startup', logger), STARTUP_WAIT_MS, () =>
      startDatabaseSearch({ db, copyDb: background, taxonomy, logger, engine: engine as SearchEngine, config: config.searchFallback, lease: copyLease, refreshTaxonomy }),
    );
    const worker = new SearchSyncWorker({ db: background, engine, taxonomy, clock, logger, lease: createLease(background, config, instanceId, 'search-outbox', logger), refreshTaxonomy });
    // One instance at a time builds or rebuilds the index at start; the others wait and then find it current.
    const outcome = await withLease(createLease(db, config, instanceId, 'startup', logger), STARTUP_WAIT_MS, () =>
      reconcileSearchIndex({ db, engine: engine as SearchEngine, taxonomy, clock, logger }, worker),
    );
    worker.start();
    logger.info({ outcome }, 'search index reconciled');
    // Not awaited: queries work without it, only less well read, for the moment it takes.
    void loadSearchVocabulary({ db, engine, taxonomy, clock }).catch((error: unknown) => logger.warn({ err: error }, 'search vocabulary not loaded'));
    const mailer = createMailer({ ...config.mail, logger, clock });
    const mailWorker = new MailOutboxWorker({ db: background, mailer, logger, lease: createLease(background, config, instanceId, 'mail-outbox', logger) });
    mailWorker.start();
    const links = createMailLinks(config.siteUrl);
    const copier = searchCopier;
    const wake = () => {
      worker.notify();
      copier.notify();
    };
    // The outbox lease holder may be another instance: it is woken too.
    signals.on('search-outbox', wake);
    const notifySearch = () => {
      wake();
      signals.send('search-outbox');
    };
    const translationLease = createLease(background, config, instanceId, 'translation-outbox', logger);
    const translation = startTranslation(config, { db: background, logger, notifySearch, lease: translationLease });
    const searchMisses = new SearchMissRecorder({ db, clock, onError: (error) => logger.warn({ err: error }, 'searches without results not recorded') });
    return {
      config, logger, db, region, taxonomy, engine, worker, searchCopier, mailer, mailWorker, links, searchMisses,
      sessionSecret: sessionSecret(config), clock, notifySearch, translation, instanceId, versionWatcher, signals, backgroundDb: background,
      notifyTaxonomy: () => signals.send('taxonomy-version'),
    };
  } catch (error) {
    await versionWatcher?.stop();
    await searchCopier?.stop();
    await signals.close();
    await engine?.close();
    if (background !== db) await background.destroy();
    await db.destroy();
    throw error;
  }
}

/** Stops the workers, then the search engine, then the database. */
export async function stopServices(services: Services): Promise<void> {
  // The last few seconds' searches without results are written before the database closes.
  await services.searchMisses.close();
  await services.translation.worker?.stop();
  await services.mailWorker.stop();
  await services.worker.stop();
  await services.versionWatcher.stop();
  await services.searchCopier.stop();
  await services.signals.close();
  await services.engine.close();
  if (services.backgroundDb !== services.db) await services.backgroundDb.destroy();
  await services.db.destroy();
}
