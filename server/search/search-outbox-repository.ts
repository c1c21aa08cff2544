import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';

type Queryable = Database | Knex.Transaction;

export interface OutboxEntry {
  id: number;
  offerId: number;
  attempts: number;
}

/** Records that these offers' public state changed; call inside the write's transaction. */
export async function enqueueSearchSync(trx: Queryable, offerIds: number[], now: string): Promise<void> {
  const unique = [...new Set(offerIds)];
  for (let i = 0; i < unique.length; i += 200) {
    await trx('search_outbox').insert(unique.slice(i, i + 200).map((offer_id) => ({ offer_id, created_at: now })));
  }
}

/** Entries still to sync, oldest first; parked ones wait for staff, not for the worker. */
export async function listPendingOutbox(db: Queryable, limit: number): Promise<OutboxEntry[]> {
  const rows = await db('search_outbox').whereNull('processed_at').whereNull('parked_at').orderBy('id').limit(limit).select('id', 'offer_id', 'attempts');
  return rows.map((row) => ({ id: row.id, offerId: row.offer_id, attempts: row.attempts }));
}

export async function countPendingOutbox(db: Queryable): Promise<number> {
  const row = await db('search_outbox').whereNull('processed_at').whereNull('parked_at').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export interface OutboxHealth {
  pending: number;
  /** Rows set aside after too many failed attempts: their offers are not (or not currently) in search. */
  parked: number;
  oldestPendingAt: string | null;
  /** The error of a pending row that already failed, if any: the index is refusing writes. */
  failing: string | null;
}

export async function readOutboxHealth(db: Queryable): Promise<OutboxHealth> {
  const pending = await db('search_outbox').whereNull('processed_at').whereNull('parked_at').count({ n: '*' }).min({ oldest: 'created_at' }).first();
  const parked = await db('search_outbox').whereNull('processed_at').whereNotNull('parked_at').countDistinct({ n: 'offer_id' }).first();
  const failing = await db('search_outbox').whereNull('processed_at').whereNull('parked_at').whereNotNull('last_error').orderBy('id', 'desc').first('last_error');
  return {
    pending: Number(pending?.n ?? 0),
    parked: Number(parked?.n ?? 0),
    oldestPendingAt: (pending?.oldest as string | null) ?? null,
    failing: (failing?.last_error as string | undefined) ?? null,
  };
}

/** Parked rows with their offers, newest first, for staff. */
export async function listParkedOutbox(db: Queryable, limit = 50): Promise<Array<{ offerId: number; attempts: number; lastError: string | null; parkedAt: string }>> {
  const rows = await db('search_outbox').whereNull('processed_at').whereNotNull('parked_at').orderBy('id', 'desc').limit(limit).select('offer_id', 'attempts', 'last_error', 'parked_at');
  return rows.map((row) => ({ offerId: row.offer_id, attempts: row.attempts, lastError: row.last_error, parkedAt: row.parked_at }));
}

export async function markOutboxProcessed(db: Queryable, ids: number[], now: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db('search_outbox').whereIn('id', ids.slice(i, i + 500)).update({ processed_at: now });
  }
}

/**
 * Records a failed sync of these rows. With `countAttempt` (the offer itself
 * was refused) the attempt counts, and rows reaching `parkAfter` attempts are
 * parked; an outage or an index that refuses every write only notes the error.
 */
export async function recordOutboxFailure(db: Queryable, ids: number[], message: string, options: { countAttempt: boolean; parkAfter?: number; now?: string } = { countAttempt: false }): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    await db('search_outbox')
      .whereIn('id', slice)
      .update({ ...(options.countAttempt ? { attempts: db.raw('attempts + 1') } : {}), last_error: message.slice(0, 500) });
    if (options.countAttempt && options.parkAfter) {
      await db('search_outbox').whereIn('id', slice).andWhere('attempts', '>=', options.parkAfter).update({ parked_at: options.now ?? new Date().toISOString() });
    }
  }
}

export async function latestOutboxId(db: Queryable): Promise<number> {
  const row = await db('search_outbox').max({ id: 'id' }).first();
  return Number(row?.id ?? 0);
}

/** After a rebuild: entries newer than the rebuild's start may have reached only the old index; process them again. */
export async function reopenOutboxAfter(db: Queryable, afterId: number): Promise<number> {
  return db('search_outbox').where('id', '>', afterId).whereNotNull('processed_at').update({ processed_at: null });
}

/** Entries up to `id` are covered by a rebuild that read the database after they were written. */
export async function closeOutboxUpTo(db: Queryable, id: number, now: string): Promise<void> {
  await db('search_outbox').where('id', '<=', id).whereNull('processed_at').update({ processed_at: now });
}

export async function pruneProcessedOutbox(db: Queryable, olderThan: string): Promise<number> {
  return db('search_outbox').whereNotNull('processed_at').andWhere('processed_at', '<', olderThan).delete();
}
