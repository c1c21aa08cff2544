import { PollingWorker } from '../cluster/polling-worker.ts';
import type { WorkerLease } from '../cluster/worker-lease.ts';
import type { Logger } from '../logging/logger.ts';
import { isDocumentError } from '../search-engine/search-engine.ts';
import { syncOffers, type SearchIndexDeps } from './offer-search-index.ts';
import {
  countPendingOutbox,
  listPendingOutbox,
  markOutboxProcessed,
  pruneProcessedOutbox,
  recordOutboxFailure,
  type OutboxEntry,
} from './search-outbox-repository.ts';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const POLL_INTERVAL_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const BATCH_SIZE = 500;
const PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;
/** After this many refusals of an offer's documents its row is parked for staff instead of retried. */
export const SEARCH_SYNC_MAX_ATTEMPTS = 5;

export interface SearchSyncStatus {
  running: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  lastSyncedAt: string | null;
  /** Whether this instance drains the outbox now (one instance among several sharing a database does). */
  holdsLease: boolean;
}

export interface SearchSyncWorkerDeps extends SearchIndexDeps {
  logger: Logger;
  /** Without one, this worker assumes it is alone (scripts, tests that drive it by hand). */
  lease?: WorkerLease;
  /** Brings the taxonomy up to date before documents are built: another instance may have changed labels these rows carry. */
  refreshTaxonomy?: () => Promise<unknown>;
}

/**
 * Brings Meilisearch up to date from the search outbox. It wakes when notified
 * or every half second; while Meilisearch is away it retries with backoff and
 * keeps every entry until a sync succeeds. With a lease, only the instance
 * holding it drains the outbox; a batch stops before its next write once the
 * lease is lost, and rows it did not mark done are redone by the next holder
 * (indexing an offer twice is harmless, since documents are written whole).
 */
export class SearchSyncWorker extends PollingWorker {
  private failures = 0;
  private lastError: string | null = null;
  private lastSyncedAt: string | null = null;
  private lastPrune = 0;

  constructor(private readonly deps: SearchSyncWorkerDeps) {
    super({ intervalMs: POLL_INTERVAL_MS, lease: deps.lease });
  }

  status(): SearchSyncStatus {
    return {
      running: this.isRunning,
      consecutiveFailures: this.failures,
      lastError: this.lastError,
      lastSyncedAt: this.lastSyncedAt,
      holdsLease: this.deps.lease?.isHeld() ?? this.isRunning,
    };
  }

  /** Whether this worker may write now: it holds the lease, or has none to hold. */
  private mayWrite(): boolean {
    return this.deps.lease?.isHeld() ?? true;
  }

  /** Waits until the outbox is empty; for start-up and tests. */
  drain(timeoutMs = 60_000): Promise<void> {
    const timeoutMessage = () => `search outbox not drained within ${timeoutMs} ms: ${this.lastError ?? 'still working'}`;
    return this.notifyUntilDone(() => countPendingOutbox(this.deps.db), timeoutMs, timeoutMessage);
  }

  /**
   * Processes one batch; returns how many outbox entries it completed. When
   * Meilisearch refuses a document, the batch is indexed offer by offer, so one
   * bad offer never holds up the others; an outage or an index that refuses
   * every write (full disk) throws, and the worker backs off.
   */
  async processBatch(): Promise<number> {
    const entries = await listPendingOutbox(this.deps.db, BATCH_SIZE);
    if (entries.length === 0 || !this.mayWrite()) return 0;
    await this.deps.refreshTaxonomy?.();
    const ids = entries.map((entry) => entry.id);
    try {
      await syncOffers(this.deps, entries.map((entry) => entry.offerId));
    } catch (error) {
      if (isDocumentError(error)) return this.processOfferByOffer(entries);
      await recordOutboxFailure(this.deps.db, ids, errorText(error));
      throw error;
    }
    await this.markDone(ids);
    return this.mayWrite() ? entries.length : 0;
  }

  private async processOfferByOffer(entries: OutboxEntry[]): Promise<number> {
    const byOffer = new Map<number, number[]>();
    for (const entry of entries) byOffer.set(entry.offerId, [...(byOffer.get(entry.offerId) ?? []), entry.id]);
    let done = 0;
    for (const [offerId, ids] of byOffer) {
      if (!this.mayWrite()) break;
      try {
        await syncOffers(this.deps, [offerId]);
      } catch (error) {
        if (!isDocumentError(error)) {
          await recordOutboxFailure(this.deps.db, ids, errorText(error));
          throw error;
        }
        const now = this.deps.clock().toISOString();
        await recordOutboxFailure(this.deps.db, ids, errorText(error), { countAttempt: true, parkAfter: SEARCH_SYNC_MAX_ATTEMPTS, now });
        this.deps.logger.warn({ offerId, err: errorText(error) }, 'Meilisearch refused an offer; the others go on (parked after repeated refusals)');
        continue;
      }
      await this.markDone(ids);
      done += ids.length;
    }
    return done;
  }

  private async markDone(ids: number[]): Promise<void> {
    // Written to the index, but the lease ran out meanwhile: the next holder does these rows again.
    if (!this.mayWrite()) return;
    const now = this.deps.clock().toISOString();
    await markOutboxProcessed(this.deps.db, ids, now);
    this.lastSyncedAt = now;
  }

  /** One batch; a success after failures is logged once and ends the back-off. */
  protected async runRound(): Promise<number> {
    const processed = await this.processBatch();
    if (this.failures > 0) this.deps.logger.info({ after: this.failures }, 'search sync recovered');
    this.failures = 0;
    this.lastError = null;
    await this.pruneOccasionally();
    return processed;
  }

  /** Counts the failure (logging the first and every tenth) and answers the back-off: 0.5 s, 1 s, 2 s … at most 30 s. */
  protected roundFailed(error: unknown): number {
    this.failures += 1;
    this.lastError = errorText(error);
    if (this.failures === 1 || this.failures % 10 === 0) {
      this.deps.logger.warn({ err: error, failures: this.failures }, 'search sync failed; will retry');
    }
    return Math.min(250 * 2 ** this.failures, MAX_BACKOFF_MS);
  }

  private async pruneOccasionally(): Promise<void> {
    const now = this.deps.clock().getTime();
    if (now - this.lastPrune < 60 * 60 * 1000) return;
    this.lastPrune = now;
    await pruneProcessedOutbox(this.deps.db, new Date(now - PRUNE_AFTER_MS).toISOString());
  }
}
