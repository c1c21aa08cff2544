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

export async function listPendingOutbox(db: Queryable, limit: number): Promise<OutboxEntry[]> {
  const rows = await db('search_outbox').whereNull('processed_at').orderBy('id').limit(limit).select('id', 'offer_id', 'attempts');
  return rows.map((row) => ({ id: row.id, offerId: row.offer_id, attempts: row.attempts }));
}

export async function countPendingOutbox(db: Queryable): Promise<number> {
  const row = await db('search_outbox').whereNull('processed_at').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function markOutboxProcessed(db: Queryable, ids: number[], now: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db('search_outbox').whereIn('id', ids.slice(i, i + 500)).update({ processed_at: now });
  }
}

export async function recordOutboxFailure(db: Queryable, ids: number[], message: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db('search_outbox')
      .whereIn('id', ids.slice(i, i + 500))
      .update({ attempts: db.raw('attempts + 1'), last_error: message.slice(0, 500) });
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
