import type { Queryable } from '../db/transaction.ts';
import type { OfferStatus } from '../offers/offer-types.ts';

/** The edit counter of an offer, or undefined when there is no such offer. */
export async function findOfferVersion(db: Queryable, offerId: number): Promise<{ status: OfferStatus; version: number } | undefined> {
  return db('offers').where({ id: offerId }).first('status', 'version');
}

export async function findRevisionVersion(db: Queryable, revisionId: number): Promise<{ status: string; version: number } | undefined> {
  return db('offer_revisions').where({ id: revisionId }).first('status', 'version');
}

/**
 * Decides a waiting offer only if it is still waiting in the version staff saw;
 * answers how many rows changed (0 or 1), so that of two racing decisions exactly one wins.
 */
export async function decidePendingOffer(
  db: Queryable,
  offerId: number,
  decision: { version: number; status: 'published' | 'rejected'; reason: string | null; now: string },
): Promise<number> {
  return db('offers')
    .where({ id: offerId, status: 'pending', version: decision.version })
    .update({
      status: decision.status,
      rejection_reason: decision.reason,
      updated_at: decision.now,
      version: db.raw('version + 1'),
      ...(decision.status === 'published' ? { published_at: db.raw('COALESCE(published_at, ?)', [decision.now]) } : {}),
    });
}

/** The same for a proposed change: decided only while pending and unchanged since staff saw it. */
export async function decidePendingRevision(
  db: Queryable,
  revisionId: number,
  decision: { version: number; status: 'approved' | 'rejected'; reason: string | null; decidedBy: number; now: string },
): Promise<number> {
  return db('offer_revisions')
    .where({ id: revisionId, status: 'pending', version: decision.version })
    .update({ status: decision.status, reason: decision.reason, decided_by: decision.decidedBy, decided_at: decision.now, version: db.raw('version + 1') });
}

/** Why staff turned down each rejected offer, read from the offer itself. */
export async function findRejectionReasons(db: Queryable, offerIds: number[]): Promise<Map<number, string>> {
  if (offerIds.length === 0) return new Map();
  const rows = await db('offers').whereIn('id', offerIds).whereNotNull('rejection_reason').select('id', 'rejection_reason');
  return new Map(rows.map((row) => [row.id as number, row.rejection_reason as string]));
}
