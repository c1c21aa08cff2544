import type { Database } from '../db/db-connection.ts';
import { countMailBacklog } from '../mail/mail-outbox-repository.ts';
import { countPublishedOffers } from '../offers/offer-repository.ts';
import { countProviders } from '../providers/provider-repository.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import { countIndexedDocuments } from '../search/offer-search-index.ts';
import { readOutboxHealth } from '../search/search-outbox-repository.ts';
import type { SearchFallbackStatus } from '../search/search-fallback.ts';

/** A hung Meilisearch must not hang the health check: after this long it counts as not answering. */
const SEARCH_HEALTH_TIMEOUT_MS = 3000;

function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer in time')), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Search changes waiting longer than this mean the index is not being written. */
export const SEARCH_SYNC_LAG_MS = 5 * 60 * 1000;
/** Mails waiting longer than this mean mail is not going out. */
export const MAIL_LAG_MS = 30 * 60 * 1000;

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** Why the status is not ok, one sentence each, for the operator. */
  reasons: string[];
  db: { status: 'ok' | 'error'; offers?: number; providers?: number; pendingSearchSync?: number; parkedSearchSync?: number };
  search: { status: 'ok' | 'unavailable'; documents?: number; fallback?: SearchFallbackStatus };
  mail?: { pending: number; parked: number };
}

type Backlogs = { outbox: Awaited<ReturnType<typeof readOutboxHealth>>; mail: Awaited<ReturnType<typeof countMailBacklog>> };

/** What is wrong with the search sync and the mail outbox, if anything. */
export function backlogReasons({ outbox, mail }: Backlogs, now: Date): string[] {
  const reasons: string[] = [];
  const olderThan = (time: string | null, ms: number) => time !== null && now.getTime() - Date.parse(time) > ms;
  if (outbox.failing) reasons.push(`search index cannot be written: ${outbox.failing}`);
  if (outbox.parked > 0) reasons.push(`${outbox.parked} offer(s) parked after Meilisearch refused them repeatedly`);
  if (olderThan(outbox.oldestPendingAt, SEARCH_SYNC_LAG_MS)) reasons.push(`search changes waiting since ${outbox.oldestPendingAt}`);
  if (mail.parked > 0) reasons.push(`${mail.parked} mail(s) parked after repeated sending failures`);
  if (olderThan(mail.oldestPendingAt, MAIL_LAG_MS)) reasons.push(`mails waiting since ${mail.oldestPendingAt}`);
  return reasons;
}

/** Database, search index and outbox state for monitoring; never throws. */
export async function checkHealth(deps: { db: Database; engine: SearchEngine }, now = new Date()): Promise<HealthReport> {
  const [db, search] = await Promise.all([
    Promise.all([countPublishedOffers(deps.db), countProviders(deps.db), readOutboxHealth(deps.db), countMailBacklog(deps.db)]).then(
      ([offers, providers, outbox, mail]) => ({ status: 'ok' as const, offers, providers, outbox, mail }),
      () => ({ status: 'error' as const }),
    ),
    withinTime(countIndexedDocuments(deps.engine), SEARCH_HEALTH_TIMEOUT_MS).then(
      (documents) => ({ status: 'ok' as const, documents }),
      () => ({ status: 'unavailable' as const }),
    ),
  ]);
  const reasons: string[] = [];
  const fallback = deps.engine.fallback?.status();
  if (db.status === 'error') reasons.push('database cannot be read');
  if (search.status === 'unavailable') reasons.push('Meilisearch does not answer');
  if (fallback?.active) reasons.push(`searches answer from the database (simplified search) since ${fallback.since}: ${fallback.lastError ?? 'Meilisearch failed'}`);
  const searchReport = fallback ? { ...search, fallback } : search;
  if (db.status === 'error') return { status: 'degraded', reasons, db: { status: 'error' }, search: searchReport };
  reasons.push(...backlogReasons(db, now));
  return {
    status: reasons.length === 0 ? 'ok' : 'degraded',
    reasons,
    db: { status: 'ok', offers: db.offers, providers: db.providers, pendingSearchSync: db.outbox.pending, parkedSearchSync: db.outbox.parked },
    search: searchReport,
    mail: { pending: db.mail.pending, parked: db.mail.parked },
  };
}
