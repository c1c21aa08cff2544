import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { toLocation, toLocationColumns, toProvider, type LocationRow, type ProviderRow } from '../offers/offer-mapper.ts';
import type { Location, Provider } from '../offers/offer-types.ts';

type Queryable = Database | Knex.Transaction;

export type ProviderInput = Pick<Provider, 'slug' | 'name' | 'description' | 'kind'> &
  Partial<Pick<Provider, 'website' | 'email' | 'phone' | 'externalId' | 'source'>>;

type OptionalLocationField = 'street' | 'postcode' | 'addressOnRequest' | 'precision' | 'externalId' | 'source';

/** A place to store; a missing street or postcode is null, a missing precision 'exact'. */
export type LocationInput = Omit<Location, 'id' | 'providerId' | OptionalLocationField> & Partial<Pick<Location, OptionalLocationField>>;

/** `verified: false` for a provider created from a submission without an account. */
export async function insertProvider(db: Queryable, input: ProviderInput, now: string, options: { verified?: boolean } = {}): Promise<number> {
  const [row] = await db('providers')
    .insert({
      verified: options.verified ?? true,
      slug: input.slug,
      name: input.name,
      description: input.description,
      kind: input.kind,
      website: input.website ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      external_id: input.externalId ?? null,
      source: input.source ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

/** `reviewed: false` for a place typed into an offer form: it stays off the public provider page until staff approve an offer held there. */
export async function insertLocation(db: Queryable, providerId: number, input: LocationInput, now: string, options: { reviewed?: boolean } = {}): Promise<number> {
  const [row] = await db('locations')
    .insert({
      reviewed: options.reviewed ?? true,
      provider_id: providerId,
      ...toLocationColumns(input),
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

export async function findProviderBySlug(db: Queryable, slug: string): Promise<Provider | undefined> {
  const row = await db<ProviderRow>('providers').where({ slug }).first();
  return row ? toProvider(row) : undefined;
}

export async function listLocationsOfProvider(db: Queryable, providerId: number, options: { reviewedOnly?: boolean } = {}): Promise<Location[]> {
  const query = db<LocationRow>('locations').where({ provider_id: providerId }).orderBy('id');
  const rows = await (options.reviewedOnly ? query.where('reviewed', true) : query);
  return rows.map(toLocation);
}

/** Staff approved an offer or a change held at these places; they may now appear on the provider page. */
export async function markLocationsReviewed(db: Queryable, ids: number[], now: string): Promise<void> {
  if (ids.length > 0) await db('locations').whereIn('id', ids).where({ reviewed: false }).update({ reviewed: true, updated_at: now });
}

/** Staff approved an offer of a provider created without an account. Answers whether it was unverified until now. */
export async function markProviderVerified(db: Queryable, id: number, now: string): Promise<boolean> {
  return (await db('providers').where({ id, verified: false }).update({ verified: true, updated_at: now })) > 0;
}

export async function isProviderVerified(db: Queryable, id: number): Promise<boolean> {
  const row = await db('providers').where({ id }).first('verified');
  return Boolean(row?.verified);
}

export async function countProviders(db: Queryable): Promise<number> {
  const row = await db('providers').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Ids of every offer of a provider, to re-sync after a change to the provider's public data. */
export async function listOfferIdsOfProvider(db: Queryable, providerId: number): Promise<number[]> {
  const rows = await db('offers').where({ provider_id: providerId }).select('id');
  return rows.map((row) => row.id);
}

export async function findProviderById(db: Queryable, id: number): Promise<Provider | undefined> {
  const row = await db<ProviderRow>('providers').where({ id }).first();
  return row ? toProvider(row) : undefined;
}

/** The provider or place imported with this external id (from `source`, when given). */
export async function findIdByExternalId(
  db: Queryable,
  entity: 'providers' | 'locations',
  externalId: string,
  source?: string | null,
): Promise<number | undefined> {
  const query = db(entity).where({ external_id: externalId });
  if (source !== undefined) query.where(source === null ? { source: null } : { source });
  const row = await query.orderBy('id').first('id');
  return row?.id;
}

export async function findLocationById(db: Queryable, id: number): Promise<Location | undefined> {
  const row = await db<LocationRow>('locations').where({ id }).first();
  return row ? toLocation(row) : undefined;
}
