import { createHash } from 'node:crypto';
import { PollingWorker } from '../cluster/polling-worker.ts';
import type { WorkerLease } from '../cluster/worker-lease.ts';
import type { Database } from '../db/db-connection.ts';
import { readMeta, writeMeta } from '../db/app-meta-repository.ts';
import type { Logger } from '../logging/logger.ts';
import { findOffersByIds, listPublishedOfferIds } from '../offers/offer-repository.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { FACT_FIELDS, toStoredDocument, type StoredSearchDocument } from './database-search-mapper.ts';
import { clearSearchDocuments, countSearchDocuments, replaceOfferDocuments } from './database-search-repository.ts';
import { countExpectedDocuments, isPublic } from './offer-search-index.ts';
import { toSearchDocuments } from './search-document-mapper.ts';
import { CARD_FIELDS } from './search-fields.ts';
import { settingsFingerprint } from './search-index-settings.ts';
import { latestOutboxId } from './search-outbox-repository.ts';

/** The outbox row up to which the database copy is current. */
export const COPY_WATERMARK_KEY = 'search.databaseCopyOutboxId';
const COPY_FORMAT_KEY = 'search.databaseCopyFormat';
/** Changes when what the copy stores changes: a start then rebuilds it. */
const COPY_FORMAT = createHash('sha256').update(JSON.stringify([1, FACT_FIELDS, CARD_FIELDS, settingsFingerprint()])).digest('hex').slice(0, 16);

const POLL_INTERVAL_MS = 250;
const BATCH_SIZE = 500;

export interface DatabaseSearchCopierDeps {
  db: Database;
  taxonomy: Taxonomy;
  logger: Logger;
  /** Among several app instances only the holder copies (so the watermark only moves forward); without one this copier assumes it is alone. */
  lease?: WorkerLease;
  /** Brings the taxonomy up to date before documents are built (another instance may have changed labels). */
  refreshTaxonomy?: () => Promise<unknown>;
}

/**
 * Keeps the database copy of the search documents (`search_documents`) in
 * step with the search outbox, without Meilisearch: it follows the outbox
 * rows by id (its own watermark, not `processed_at`), so a write made while
 * Meilisearch is down is searchable in the fallback within a poll.
 */
export class DatabaseSearchCopier extends PollingWorker {
  /** Whether this copier has checked the whole copy since it (last) took over: a holder that died may have left it half built. */
  private reconciled = false;

  constructor(private readonly deps: DatabaseSearchCopierDeps) {
    super({ intervalMs: POLL_INTERVAL_MS, lease: deps.lease });
  }

  /** At start: rebuilds the copy when it is missing, of another format, or its count disagrees after catching up. */
  async reconcile(): Promise<'up-to-date' | 'rebuilt'> {
    const outcome = await this.checkOrRebuild();
    this.reconciled = true;
    return outcome;
  }

  private async checkOrRebuild(): Promise<'up-to-date' | 'rebuilt'> {
    const { db } = this.deps;
    if ((await readMeta(db, COPY_FORMAT_KEY)) === COPY_FORMAT) {
      while ((await this.catchUp()) > 0);
      if ((await countSearchDocuments(db)) === (await countExpectedDocuments(db))) return 'up-to-date';
    }
    await this.rebuild();
    return 'rebuilt';
  }

  /** Writes the copy afresh from the database; outbox rows written meanwhile are applied again after. */
  async rebuild(): Promise<number> {
    const { db, taxonomy } = this.deps;
    await this.deps.refreshTaxonomy?.();
    const watermark = await latestOutboxId(db);
    await clearSearchDocuments(db);
    let documents = 0;
    for (let after = 0; ; ) {
      const ids = await listPublishedOfferIds(db, after, 500);
      if (ids.length === 0) break;
      const stored = (await findOffersByIds(db, ids)).filter(isPublic).flatMap((offer) => toSearchDocuments(offer, taxonomy).map(toStoredDocument));
      await db.transaction((trx) => replaceOfferDocuments(trx, ids, stored));
      documents += stored.length;
      after = ids[ids.length - 1]!;
    }
    await writeMeta(db, COPY_WATERMARK_KEY, String(watermark));
    await writeMeta(db, COPY_FORMAT_KEY, COPY_FORMAT);
    while ((await this.catchUp()) > 0);
    this.deps.logger.info({ documents }, 'database search copy rebuilt');
    return documents;
  }

  /** Applies the next outbox rows after the watermark; returns how many rows it covered. */
  async catchUp(): Promise<number> {
    const { db, taxonomy } = this.deps;
    const watermark = Number((await readMeta(db, COPY_WATERMARK_KEY)) ?? 0);
    const rows: Array<{ id: number; offer_id: number }> = await db('search_outbox').where('id', '>', watermark).orderBy('id').limit(BATCH_SIZE).select('id', 'offer_id');
    if (rows.length === 0) return 0;
    await this.deps.refreshTaxonomy?.();
    const offerIds = [...new Set(rows.map((row) => row.offer_id))];
    const stored: StoredSearchDocument[] = (await findOffersByIds(db, offerIds))
      .filter(isPublic)
      .flatMap((offer) => toSearchDocuments(offer, taxonomy).map(toStoredDocument));
    // Read while the lease was held; not written once it ran out (the next holder copies these rows again).
    if (!(this.deps.lease?.isHeld() ?? true)) return 0;
    await db.transaction(async (trx) => {
      await replaceOfferDocuments(trx, offerIds, stored);
      await trx('app_meta').insert({ key: COPY_WATERMARK_KEY, value: String(rows[rows.length - 1]!.id) }).onConflict('key').merge();
    });
    return rows.length;
  }

  /** A copier that (re)took the lease checks the whole copy first, then follows the outbox. */
  protected async runRound(): Promise<number> {
    if (this.reconciled) return this.catchUp();
    await this.reconcile();
    return 0;
  }

  protected roundFailed(error: unknown): void {
    this.deps.logger.warn({ err: error }, 'database search copy not updated; will retry');
  }

  protected override leaseMissing(): void {
    this.reconciled = false;
  }
}
