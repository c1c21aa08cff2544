import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import type { OfferInput } from '../offers/offer-types.ts';
import type { LocationInput } from '../providers/provider-repository.ts';

type Queryable = Database | Knex.Transaction;

/** The offer as submitted, without the provider and places it gets on confirmation. */
export type SubmittedOffer = Omit<OfferInput, 'providerId' | 'locationIds' | 'status' | 'slug' | 'lastVerifiedAt'>;

export interface PublicSubmission {
  id: number;
  expiresAt: string;
  confirmedAt: string | null;
  organisationName: string;
  organisationKind: string;
  contactName: string;
  email: string;
  locale: string;
  offer: SubmittedOffer;
  place: LocationInput | null;
  offerId: number | null;
}

interface SubmissionRow {
  id: number;
  expires_at: string;
  confirmed_at: string | null;
  organisation_name: string;
  organisation_kind: string;
  contact_name: string;
  email: string;
  locale: string;
  offer: string;
  place: string | null;
  offer_id: number | null;
}

function toSubmission(row: SubmissionRow): PublicSubmission {
  return {
    id: row.id,
    expiresAt: row.expires_at,
    confirmedAt: row.confirmed_at,
    organisationName: row.organisation_name,
    organisationKind: row.organisation_kind,
    contactName: row.contact_name,
    email: row.email,
    locale: row.locale,
    offer: JSON.parse(row.offer) as SubmittedOffer,
    place: row.place ? (JSON.parse(row.place) as LocationInput) : null,
    offerId: row.offer_id,
  };
}

export async function insertSubmission(
  db: Queryable,
  fields: Omit<PublicSubmission, 'id' | 'confirmedAt' | 'offerId'> & { tokenHash: string; now: string },
): Promise<number> {
  const [row] = await db('public_submissions')
    .insert({
      token_hash: fields.tokenHash,
      expires_at: fields.expiresAt,
      organisation_name: fields.organisationName,
      organisation_kind: fields.organisationKind,
      contact_name: fields.contactName,
      email: fields.email,
      locale: fields.locale,
      offer: JSON.stringify(fields.offer),
      place: fields.place ? JSON.stringify(fields.place) : null,
      created_at: fields.now,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

export async function findSubmissionByTokenHash(db: Queryable, tokenHash: string): Promise<PublicSubmission | undefined> {
  const row = (await db('public_submissions').where({ token_hash: tokenHash }).first()) as SubmissionRow | undefined;
  return row ? toSubmission(row) : undefined;
}

/** Marks a submission confirmed; false when another request confirmed it first. */
export async function markSubmissionConfirmed(db: Queryable, id: number, now: string): Promise<boolean> {
  return (await db('public_submissions').where({ id }).whereNull('confirmed_at').update({ confirmed_at: now })) === 1;
}

export async function linkSubmissionToOffer(db: Queryable, id: number, offerId: number): Promise<void> {
  await db('public_submissions').where({ id }).update({ offer_id: offerId });
}

/** Who sent these offers without an account, by offer id; offers with an account are absent. */
export async function findSubmittersOfOffers(db: Queryable, offerIds: number[]): Promise<Map<number, { email: string; contactName: string; locale: string }>> {
  if (offerIds.length === 0) return new Map();
  const rows = await db('public_submissions').whereIn('offer_id', offerIds).select('offer_id', 'email', 'contact_name', 'locale');
  return new Map(rows.map((row) => [row.offer_id as number, { email: row.email as string, contactName: row.contact_name as string, locale: row.locale as string }]));
}
