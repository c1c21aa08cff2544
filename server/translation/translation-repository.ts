import type { Queryable } from '../db/transaction.ts';
import type { OfferTranslationRow } from '../offers/offer-translation-rows.ts';
import { toOfferTranslation, toTranslationColumns } from '../offers/offer-translation-rows.ts';
import type { OfferTranslation } from '../offers/offer-types.ts';
import { sourceHash, type GermanSource } from './translation-source.ts';

export type TranslationReason = 'requested' | 'stale';
/** made: stored; human: a human translation is there and stays; current: already made from this text; unsupported/failed: not made. */
export type TranslationOutcome = 'made' | 'human' | 'current' | 'gone' | 'unsupported' | 'failed';

export interface TranslationJob {
  id: number;
  offerId: number;
  locale: string;
  reason: TranslationReason;
  attempts: number;
}

export interface TranslationJobState {
  locale: string;
  attempts: number;
  lastError: string | null;
  outcome: TranslationOutcome | null;
  doneAt: string | null;
  nextAttemptAt: string | null;
}

export async function enqueueTranslations(
  db: Queryable,
  jobs: Array<{ offerId: number; locale: string; reason: TranslationReason; batch?: string | null }>,
  now: Date,
): Promise<void> {
  if (jobs.length === 0) return;
  await db('translation_outbox').insert(jobs.map((job) => ({ offer_id: job.offerId, locale: job.locale, reason: job.reason, batch: job.batch ?? null, created_at: now.toISOString() })));
}

/**
 * Queues a re-make of every machine translation of the offer that was made
 * from other German text than `german`; call inside the transaction that
 * changed the text. Human translations are never queued.
 */
export async function queueStaleMachineTranslations(trx: Queryable, offerId: number, german: GermanSource, now: Date): Promise<number> {
  const hash = sourceHash(german);
  const stale = await trx('offer_translations').where({ offer_id: offerId, machine: true }).whereNot('source_hash', hash).pluck('locale');
  if (stale.length === 0) return 0;
  const open = new Set(await trx('translation_outbox').where({ offer_id: offerId }).whereNull('done_at').whereIn('locale', stale).pluck('locale'));
  const jobs = stale.filter((locale: string) => !open.has(locale)).map((locale: string) => ({ offerId, locale, reason: 'stale' as const }));
  await enqueueTranslations(trx, jobs, now);
  return jobs.length;
}

export async function listDueTranslations(db: Queryable, now: Date, limit: number): Promise<TranslationJob[]> {
  const rows = await db('translation_outbox')
    .whereNull('done_at')
    .andWhere((due) => due.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now.toISOString()))
    .orderBy('id')
    .limit(limit)
    .select('id', 'offer_id', 'locale', 'reason', 'attempts');
  return rows.map((row) => ({ id: row.id, offerId: row.offer_id, locale: row.locale, reason: row.reason, attempts: row.attempts }));
}

export async function countOpenTranslations(db: Queryable): Promise<number> {
  const row = await db('translation_outbox').whereNull('done_at').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Ends a job; a failed or refused one keeps its reason in `last_error` for the progress page. */
export async function finishTranslationJob(db: Queryable, id: number, outcome: TranslationOutcome, now: Date, error: string | null = null): Promise<void> {
  await db('translation_outbox').where({ id }).update({ outcome, done_at: now.toISOString(), last_error: error?.slice(0, 500) ?? null, attempts: db.raw('attempts + 1') });
}

/** Counts a failed attempt that will be tried again at `retryAt`. */
export async function postponeTranslationJob(db: Queryable, id: number, error: string, retryAt: Date): Promise<void> {
  await db('translation_outbox').where({ id }).update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 500), next_attempt_at: retryAt.toISOString() });
}

export async function listBatch(db: Queryable, offerId: number, batch: string): Promise<TranslationJobState[]> {
  const rows = await db('translation_outbox').where({ offer_id: offerId, batch }).orderBy('id').select('locale', 'attempts', 'last_error', 'outcome', 'done_at', 'next_attempt_at');
  return rows.map((row) => ({ locale: row.locale, attempts: row.attempts, lastError: row.last_error, outcome: row.outcome, doneAt: row.done_at, nextAttemptAt: row.next_attempt_at }));
}

export async function findTranslation(db: Queryable, offerId: number, locale: string): Promise<OfferTranslation | undefined> {
  const row = await db<OfferTranslationRow>('offer_translations').where({ offer_id: offerId, locale }).first();
  return row ? toOfferTranslation(row) : undefined;
}

/**
 * Stores a machine translation unless a human one is there (checked inside the
 * write, so a human edit that lands meanwhile wins). Answers whether it was stored.
 */
export async function storeMachineTranslation(trx: Queryable, offerId: number, translation: OfferTranslation): Promise<boolean> {
  const current = await findTranslation(trx, offerId, translation.locale);
  if (current && !current.machine) return false;
  await trx('offer_translations').where({ offer_id: offerId, locale: translation.locale }).delete();
  await trx('offer_translations').insert(toTranslationColumns(offerId, translation));
  return true;
}
