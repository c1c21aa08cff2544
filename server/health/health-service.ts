import type { Database } from '../db/db-connection.ts';
import { countPublishedOffers } from '../offers/offer-repository.ts';
import { countProviders } from '../providers/provider-repository.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import { countIndexedDocuments } from '../search/offer-search-index.ts';
import { countPendingOutbox } from '../search/search-outbox-repository.ts';

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: { status: 'ok' | 'error'; offers?: number; providers?: number; pendingSearchSync?: number };
  search: { status: 'ok' | 'unavailable'; documents?: number };
}

/** Database and search state for monitoring; never throws. */
export async function checkHealth(deps: { db: Database; engine: SearchEngine }): Promise<HealthReport> {
  const [db, search] = await Promise.all([
    Promise.all([countPublishedOffers(deps.db), countProviders(deps.db), countPendingOutbox(deps.db)]).then(
      ([offers, providers, pendingSearchSync]) => ({ status: 'ok' as const, offers, providers, pendingSearchSync }),
      () => ({ status: 'error' as const }),
    ),
    countIndexedDocuments(deps.engine).then(
      (documents) => ({ status: 'ok' as const, documents }),
      () => ({ status: 'unavailable' as const }),
    ),
  ]);
  return { status: db.status === 'ok' && search.status === 'ok' ? 'ok' : 'degraded', db, search };
}
