import { PollingWorker } from '../cluster/polling-worker.ts';
import type { WorkerLease } from '../cluster/worker-lease.ts';
import type { TranslationConfig } from '../config/config.ts';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import type { Offer } from '../offers/offer-types.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import type { TranslationClient } from './translation-client.ts';
import { TranslationError } from './translation-errors.ts';
import { isMachineLocale, unsupportedReason } from './translation-languages.ts';
import {
  countOpenTranslations,
  findTranslation,
  finishTranslationJob,
  listDueTranslations,
  postponeTranslationJob,
  storeMachineTranslation,
  type TranslationJob,
  type TranslationOutcome,
} from './translation-repository.ts';
import { sourceHash, translationRequest } from './translation-source.ts';

const POLL_INTERVAL_MS = 500;
const BATCH_SIZE = 10;
/** A busy or unreachable service is tried this often (15 s, 30 s, 1 min …), then the job fails with its last error. */
export const TRANSLATION_MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 15_000;

export interface TranslationWorkerDeps {
  db: Database;
  client: TranslationClient;
  config: TranslationConfig;
  logger: Logger;
  /** Wakes the search sync worker after a published offer got a translation. */
  notifySearch: () => void;
  /** Among several app instances only the holder translates (each job is paid for once); without one this worker assumes it is alone. */
  lease?: WorkerLease;
}

/**
 * Makes the machine translations queued in `translation_outbox`, one offer and
 * language at a time. It runs beside the requests: a provider that is away or
 * refuses fails a job (shown on the progress page), never a request.
 */
export class TranslationWorker extends PollingWorker {
  constructor(private readonly deps: TranslationWorkerDeps) {
    super({ intervalMs: POLL_INTERVAL_MS, lease: deps.lease });
  }

  /** Works through what is due now, each job only while the lease is held; answers how many jobs ended. */
  async processDue(): Promise<number> {
    const jobs = await listDueTranslations(this.deps.db, new Date(), BATCH_SIZE);
    let ended = 0;
    for (const job of jobs) {
      if (!(this.deps.lease?.isHeld() ?? true)) break;
      await this.processOne(job);
      ended += 1;
    }
    return ended;
  }

  /** Waits until no job is open; for tests and scripts. */
  drain(timeoutMs = 30_000): Promise<void> {
    return this.notifyUntilDone(() => countOpenTranslations(this.deps.db), timeoutMs, () => `translation outbox not drained within ${timeoutMs} ms`);
  }

  protected runRound(): Promise<number> {
    return this.processDue();
  }

  protected roundFailed(error: unknown): void {
    this.deps.logger.warn({ err: error }, 'translation round failed; will retry');
  }

  private async processOne(job: TranslationJob): Promise<void> {
    try {
      const outcome = await this.translate(job);
      await finishTranslationJob(this.deps.db, job.id, outcome, new Date());
    } catch (error) {
      await this.recordFailure(job, error);
    }
  }

  /** Decides whether the job still has work, then translates and stores. */
  private async translate(job: TranslationJob): Promise<TranslationOutcome> {
    const [offer] = await findOffersByIds(this.deps.db, [job.offerId]);
    if (!offer || !isMachineLocale(job.locale)) return 'gone';
    const reason = unsupportedReason(this.deps.config, job.locale);
    if (reason) throw new TranslationError('unsupported', reason);
    const existing = await findTranslation(this.deps.db, offer.id, job.locale);
    if (existing && !existing.machine) return 'human';
    const hash = sourceHash(offer);
    if (existing?.machine?.sourceHash === hash) return 'current';
    if (job.reason === 'stale' && !existing) return 'gone';
    const request = translationRequest(offer);
    const answers = await this.deps.client.translate(request.texts, job.locale);
    const translation = { ...request.assemble(job.locale, answers), machine: { provider: this.deps.client.provider, madeAt: new Date().toISOString(), sourceHash: hash } };
    return (await this.store(offer, translation)) ? 'made' : 'human';
  }

  /** Stores the translation, re-checking inside the write that the German text is still the one translated. */
  private async store(offer: Offer, translation: Parameters<typeof storeMachineTranslation>[2]): Promise<boolean> {
    const published = offer.status === 'published';
    const stored = await this.deps.db.transaction(async (trx) => {
      const [current] = await findOffersByIds(trx, [offer.id]);
      if (!current || sourceHash(current) !== translation.machine?.sourceHash) throw new TranslationError('unavailable', 'the German text changed while it was being translated');
      const done = await storeMachineTranslation(trx, offer.id, translation);
      if (done && published) await enqueueSearchSync(trx, [offer.id], new Date().toISOString());
      return done;
    });
    if (stored && published) this.deps.notifySearch();
    return stored;
  }

  private async recordFailure(job: TranslationJob, error: unknown): Promise<void> {
    const failure = error instanceof TranslationError ? error : new TranslationError('badAnswer', error instanceof Error ? error.message : String(error));
    const attempts = job.attempts + 1;
    const now = new Date();
    if (failure.retryable && attempts < TRANSLATION_MAX_ATTEMPTS) {
      await postponeTranslationJob(this.deps.db, job.id, failure.message, new Date(now.getTime() + FIRST_RETRY_MS * 2 ** (attempts - 1)));
    } else {
      await finishTranslationJob(this.deps.db, job.id, failure.kind === 'unsupported' ? 'unsupported' : 'failed', now, failure.message);
    }
    // The offer and language only: the texts stay out of the log.
    this.deps.logger.warn({ offerId: job.offerId, locale: job.locale, attempts, err: failure.message }, 'machine translation not made');
  }
}
