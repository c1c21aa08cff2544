import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { toLocation, toProvider, type LocationRow, type ProviderRow } from '../offers/offer-mapper.ts';
import type { Location, Provider } from '../offers/offer-types.ts';

type Queryable = Database | Knex.Transaction;

/**
 * What a service listing may be restricted to, already resolved from HSDS ids
 * to Wegweiser values. `nothing` marks a filter that cannot match (an unknown
 * term), so the answer is empty instead of unfiltered.
 */
export interface OfferFilter {
  nothing?: boolean;
  search?: string | null;
  categories?: string[];
  targetGroups?: string[];
  providerKind?: string;
  /** Restrictions on offer columns from feature terms, e.g. `{ childcare: true }`. */
  offerColumns?: Record<string, string | boolean>;
  providerId?: number;
  modifiedAfter?: string | null;
}

/** `%` and `_` typed by a client match themselves, never "anything". */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Published offers of verified providers, with the filter applied; columns are the caller's. */
export function publishedOffers(db: Queryable, filter: OfferFilter): Knex.QueryBuilder {
  const query = db('offers').join('providers', 'providers.id', 'offers.provider_id').where('offers.status', 'published').where('providers.verified', true);
  if (filter.nothing) return query.whereRaw('1 = 0');
  if (filter.search) {
    const pattern = likePattern(filter.search);
    query.where((inner) => {
      for (const column of ['offers.title', 'offers.summary', 'offers.description', 'providers.name']) inner.orWhereRaw(`lower(${column}) like ? escape '\\'`, [pattern]);
    });
  }
  if (filter.categories) query.whereIn('offers.id', db('offer_categories').select('offer_id').whereIn('category', filter.categories));
  if (filter.targetGroups) query.whereIn('offers.id', db('offer_target_groups').select('offer_id').whereIn('target_group', filter.targetGroups));
  if (filter.providerKind) query.where('providers.kind', filter.providerKind);
  for (const [column, value] of Object.entries(filter.offerColumns ?? {})) query.where(`offers.${column}`, value);
  if (filter.providerId !== undefined) query.where('offers.provider_id', filter.providerId);
  if (filter.modifiedAfter) query.where('offers.updated_at', '>=', filter.modifiedAfter);
  return query;
}

/** One page of offer ids in id order, and the total. */
export async function pageOfferIds(db: Queryable, filter: OfferFilter, page: { offset: number; limit: number }): Promise<{ ids: number[]; total: number }> {
  const [countRow, rows] = await Promise.all([
    publishedOffers(db, filter).count({ n: 'offers.id' }).first(),
    publishedOffers(db, filter).select('offers.id').orderBy('offers.id').offset(page.offset).limit(page.limit),
  ]);
  return { ids: rows.map((row: { id: number }) => row.id), total: Number(countRow?.n ?? 0) };
}

export interface PlaceLink {
  offerId: number;
  locationId: number;
  latitude: number | null;
  longitude: number | null;
}

/** Published offers at reviewed places, optionally within a postcode or a box around a point. */
export async function listPlaceLinks(
  db: Queryable,
  filter: OfferFilter,
  where: { postcode?: string; box?: { south: number; north: number; west: number; east: number } },
): Promise<PlaceLink[]> {
  const query = publishedOffers(db, filter)
    .join('offer_locations', 'offer_locations.offer_id', 'offers.id')
    .join('locations', 'locations.id', 'offer_locations.location_id')
    .where('locations.reviewed', true);
  if (where.postcode && !where.box) query.where('locations.postcode', where.postcode);
  if (where.box) query.whereBetween('locations.latitude', [where.box.south, where.box.north]).whereBetween('locations.longitude', [where.box.west, where.box.east]);
  const rows = await query.select('offers.id as offerId', 'locations.id as locationId', 'locations.latitude as latitude', 'locations.longitude as longitude').orderBy(['offers.id', 'locations.id']);
  return rows as PlaceLink[];
}

/** Of these places, the ones staff reviewed (only those are public). */
export async function findReviewedLocationIds(db: Queryable, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows: Array<{ id: number }> = [];
  for (let i = 0; i < ids.length; i += 500) rows.push(...(await db('locations').whereIn('id', ids.slice(i, i + 500)).where('reviewed', true).select('id')));
  return new Set(rows.map((row) => row.id));
}

function verifiedProviders(db: Queryable, search: string | null) {
  const query = db<ProviderRow>('providers').where('verified', true);
  if (search) query.whereRaw(`lower(name) like ? escape '\\'`, [likePattern(search)]);
  return query;
}

export async function pageVerifiedProviders(db: Queryable, search: string | null, page: { offset: number; limit: number }): Promise<{ providers: Provider[]; total: number }> {
  const [countRow, rows] = await Promise.all([
    verifiedProviders(db, search).count({ n: '*' }).first(),
    verifiedProviders(db, search).orderBy('id').offset(page.offset).limit(page.limit).select(),
  ]);
  return { providers: (rows as ProviderRow[]).map(toProvider), total: Number(countRow?.n ?? 0) };
}

export async function findVerifiedProvider(db: Queryable, id: number): Promise<Provider | undefined> {
  const row: ProviderRow | undefined = await db('providers').where({ id, verified: true }).first();
  return row ? toProvider(row) : undefined;
}

export async function listReviewedLocations(db: Queryable, providerIds: number[]): Promise<Location[]> {
  if (providerIds.length === 0) return [];
  const rows = await db<LocationRow>('locations').whereIn('provider_id', providerIds).where('reviewed', true).orderBy('id');
  return rows.map(toLocation);
}

export async function listPublishedOfferIdsOfProvider(db: Queryable, providerId: number): Promise<number[]> {
  const rows = await publishedOffers(db, { providerId }).select('offers.id').orderBy('offers.id');
  return rows.map((row: { id: number }) => row.id);
}

/** Keys of records that can be looked up by HSDS id, newer than `afterId` where keys are numbered. */
export async function listIdKeys(db: Queryable, kind: 'service' | 'organization' | 'service_at_location', afterId: number): Promise<Array<{ key: string; id: number }>> {
  if (kind === 'service_at_location') {
    const rows = await db('offer_locations').select('offer_id', 'location_id');
    return rows.map((row) => ({ key: `${row.offer_id}-${row.location_id}`, id: 0 }));
  }
  const rows = await db(kind === 'service' ? 'offers' : 'providers').where('id', '>', afterId).select('id').orderBy('id');
  return rows.map((row) => ({ key: String(row.id), id: row.id as number }));
}
