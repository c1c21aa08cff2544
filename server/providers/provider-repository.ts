import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { toLocation, toProvider, type LocationRow, type ProviderRow } from '../offers/offer-mapper.ts';
import type { Location, Provider } from '../offers/offer-types.ts';

type Queryable = Database | Knex.Transaction;

export type ProviderInput = Pick<Provider, 'slug' | 'name' | 'description' | 'kind'> & Partial<Pick<Provider, 'website' | 'email' | 'phone'>>;

export type LocationInput = Omit<Location, 'id' | 'providerId'>;

export async function insertProvider(db: Queryable, input: ProviderInput, now: string): Promise<number> {
  const [row] = await db('providers')
    .insert({
      slug: input.slug,
      name: input.name,
      description: input.description,
      kind: input.kind,
      website: input.website ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

export async function insertLocation(db: Queryable, providerId: number, input: LocationInput, now: string): Promise<number> {
  const [row] = await db('locations')
    .insert({
      provider_id: providerId,
      name: input.name,
      street: input.street,
      postcode: input.postcode,
      city: input.city,
      district: input.district,
      latitude: input.latitude,
      longitude: input.longitude,
      step_free: input.stepFree,
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

export async function listLocationsOfProvider(db: Queryable, providerId: number): Promise<Location[]> {
  const rows = await db<LocationRow>('locations').where({ provider_id: providerId }).orderBy('id');
  return rows.map(toLocation);
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
