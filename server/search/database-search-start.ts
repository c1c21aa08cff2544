import type { WorkerLease } from '../cluster/worker-lease.ts';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { DatabaseSearch } from './database-search.ts';
import { DatabaseSearchCopier } from './database-search-copier.ts';
import { OFFERS_INDEX } from './offer-search-index.ts';
import { SearchFallback } from './search-fallback.ts';

/**
 * Brings the database copy of the search documents up to date (rebuilding it
 * when missing), starts keeping it current, and puts the fallback in front of
 * Meilisearch. Returns the copier, for stopping.
 */
export async function startDatabaseSearch(deps: {
  db: Database;
  /** The copier's connection (on PostgreSQL a pool apart from the requests'); `db` otherwise. */
  copyDb?: Database;
  taxonomy: Taxonomy;
  logger: Logger;
  engine: SearchEngine;
  config: { timeoutMs: number; retryMs: number };
  lease?: WorkerLease;
  refreshTaxonomy?: () => Promise<unknown>;
}): Promise<DatabaseSearchCopier> {
  const copier = new DatabaseSearchCopier({ ...deps, db: deps.copyDb ?? deps.db });
  // Another instance holding the copy's lease keeps the copy current: it is not checked again from here.
  const outcome = !deps.lease || (await deps.lease.acquire()) ? await copier.reconcile() : 'kept by another instance';
  deps.logger.info({ outcome }, 'database search copy reconciled');
  copier.start();
  const { engine } = deps;
  engine.fallback = new SearchFallback({
    ...deps.config,
    database: new DatabaseSearch(deps.db, engine.vocabulary),
    probe: () => engine.client.index(engine.indexUid(OFFERS_INDEX)).search('', { limit: 0 }),
    // Local: the other instances trip on their own, and keep their cached answers until then.
    onTrip: () => engine.resultCache.invalidate({ announce: false }),
    logger: deps.logger,
  });
  return copier;
}
