import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import type { OfferInput } from '../offers/offer-types.ts';

type Queryable = Database | Knex.Transaction;

export interface Revision {
  id: number;
  offerId: number;
  proposed: OfferInput;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  submittedBy: number | null;
  submittedAt: string;
}

interface RevisionRow {
  id: number;
  offer_id: number;
  proposed: string;
  status: Revision['status'];
  reason: string | null;
  submitted_by: number | null;
  submitted_at: string;
}

function toRevision(row: RevisionRow): Revision {
  return {
    id: row.id,
    offerId: row.offer_id,
    proposed: JSON.parse(row.proposed) as OfferInput,
    status: row.status,
    reason: row.reason,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
  };
}

export async function insertRevision(db: Queryable, fields: { offerId: number; proposed: OfferInput; submittedBy: number | null; now: Date }): Promise<number> {
  const [row] = await db('offer_revisions')
    .insert({ offer_id: fields.offerId, proposed: JSON.stringify(fields.proposed), submitted_by: fields.submittedBy, submitted_at: fields.now.toISOString() })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

export async function updateRevisionProposal(db: Queryable, id: number, proposed: OfferInput, submittedBy: number | null, now: Date): Promise<void> {
  await db('offer_revisions').where({ id, status: 'pending' }).update({ proposed: JSON.stringify(proposed), submitted_by: submittedBy, submitted_at: now.toISOString(), version: db.raw('version + 1') });
}

export async function findPendingRevision(db: Queryable, offerId: number): Promise<Revision | undefined> {
  const row = await db<RevisionRow>('offer_revisions').where({ offer_id: offerId, status: 'pending' }).first();
  return row ? toRevision(row) : undefined;
}

export async function findRevision(db: Queryable, id: number): Promise<Revision | undefined> {
  const row = await db<RevisionRow>('offer_revisions').where({ id }).first();
  return row ? toRevision(row) : undefined;
}

/** Pending revisions, oldest first. */
export async function listPendingRevisions(db: Queryable): Promise<Revision[]> {
  const rows = await db<RevisionRow>('offer_revisions').where({ status: 'pending' }).orderBy('submitted_at');
  return rows.map(toRevision);
}

export async function decideRevision(db: Queryable, id: number, decision: { status: 'approved' | 'rejected'; reason: string | null; decidedBy: number; now: Date }): Promise<number> {
  return db('offer_revisions')
    .where({ id, status: 'pending' })
    .update({ status: decision.status, reason: decision.reason, decided_by: decision.decidedBy, decided_at: decision.now.toISOString() });
}
