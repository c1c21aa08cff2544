import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { readTogether } from '../db/transaction.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import type { FileContents } from './import-grouping.ts';
import { readOwnId } from './import-keys.ts';
import { offerToDraft } from './import-offer-draft.ts';
import type { ExistingPlace, ExistingProvider, ImportState, StoredOffer } from './import-plan.ts';

type Queryable = Database | Knex.Transaction;

async function loadProviders(db: Queryable): Promise<ExistingProvider[]> {
  const [rows, towns] = await readTogether(db, [
    () => db('providers').select('id', 'name', 'external_id', 'source'),
    () => db('locations').distinct('provider_id', 'district'),
  ]);
  const districts = new Map<number, string[]>();
  for (const town of towns) districts.set(town.provider_id, [...(districts.get(town.provider_id) ?? []), town.district]);
  return rows.map((row) => ({ id: row.id, name: row.name, externalId: row.external_id, source: row.source, districts: districts.get(row.id) ?? [] }));
}

async function loadPlaces(db: Queryable): Promise<ExistingPlace[]> {
  const rows = await db('locations').select('id', 'provider_id', 'external_id', 'name', 'street', 'postcode', 'city', 'district', 'latitude', 'longitude', 'geo_precision', 'address_on_request', 'step_free');
  return rows.map((row) => ({
    id: row.id,
    providerId: row.provider_id,
    externalId: row.external_id,
    name: row.name,
    street: row.street || null,
    postcode: row.postcode || null,
    city: row.city,
    district: row.district,
    latitude: row.latitude,
    longitude: row.longitude,
    precision: row.geo_precision,
    addressOnRequest: Boolean(row.address_on_request),
    stepFree: Boolean(row.step_free),
  }));
}

/**
 * What the planner compares the file with: every provider and place, every
 * offer that came from an import (or that the file names by its own id), and
 * the full contents of the offers the file matches.
 */
export async function loadImportState(db: Queryable, contents: FileContents): Promise<ImportState> {
  const ownIds = contents.offers.map((offer) => readOwnId('offer', offer.externalId)).filter((id): id is number => id !== undefined);
  const [providers, places, offerRows] = await readTogether(db, [
    () => loadProviders(db),
    () => loadPlaces(db),
    () =>
      db('offers')
        .where((query) => query.whereNotNull('external_id').orWhereNotNull('import_key'))
        .select('id', 'provider_id', 'title', 'external_id', 'import_key', 'source', 'status'),
  ]);
  const known = new Set(offerRows.map((row) => row.id));
  const extra = ownIds.filter((id) => !known.has(id));
  for (let i = 0; i < extra.length; i += 500) {
    offerRows.push(...(await db('offers').whereIn('id', extra.slice(i, i + 500)).select('id', 'provider_id', 'title', 'external_id', 'import_key', 'source', 'status')));
  }
  const offers = offerRows.map((row) => ({ id: row.id, providerId: row.provider_id, title: row.title, externalId: row.external_id, importKey: row.import_key, source: row.source, status: row.status }));
  const wanted = new Set(contents.offers.map((offer) => offer.externalId ?? offer.importKey));
  const matched = offers.filter((offer) => ownIds.includes(offer.id) || wanted.has(offer.externalId) || wanted.has(offer.importKey)).map((offer) => offer.id);
  const stored = new Map<number, StoredOffer>();
  for (const offer of await findOffersByIds(db, matched)) {
    stored.set(offer.id, {
      id: offer.id,
      draft: offerToDraft(offer),
      providerId: offer.providerId,
      locationIds: offer.locations.map((location) => location.id),
      status: offer.status,
      lastVerifiedAt: offer.lastVerifiedAt,
      translations: offer.translations,
    });
  }
  return { providers, places, offers, stored };
}
