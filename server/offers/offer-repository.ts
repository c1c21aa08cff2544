import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { readTogether } from '../db/transaction.ts';
import {
  toLocation,
  toOffer,
  toOfferColumns,
  toProvider,
  type LocationRow,
  type OfferRow,
  type ProviderRow,
} from './offer-mapper.ts';
import type { Offer, OfferInput, OfferStatus, ScheduleSlot } from './offer-types.ts';
import { queueStaleMachineTranslations } from '../translation/translation-repository.ts';
import { replaceOfferTranslations, toOfferTranslation, toTranslationColumns, type OfferTranslationRow } from './offer-translation-rows.ts';

type Queryable = Database | Knex.Transaction;

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** SQLite limits bound parameters; chunk IN lists well below it. */
function chunk<T>(items: T[], size = 500): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

async function whereInChunks<T>(ids: number[], load: (part: number[]) => Promise<T[]>): Promise<T[]> {
  const results: T[] = [];
  for (const part of chunk(ids)) results.push(...(await load(part)));
  return results;
}

/** Loads offers with all their relations, in the order of `ids`; missing ids are skipped. */
export async function findOffersByIds(db: Queryable, ids: number[]): Promise<Offer[]> {
  if (ids.length === 0) return [];
  const rows = await whereInChunks(ids, (part) => db<OfferRow>('offers').whereIn('id', part));
  const offerIds = rows.map((row) => row.id);
  const providerIds = [...new Set(rows.map((row) => row.provider_id))];
  const [providers, categories, targets, languages, schedules, translations, locationLinks] = await readTogether(db, [
    () => whereInChunks(providerIds, (part) => db<ProviderRow>('providers').whereIn('id', part)),
    () => whereInChunks(offerIds, (part) => db('offer_categories').whereIn('offer_id', part).orderBy('category')),
    () => whereInChunks(offerIds, (part) => db('offer_target_groups').whereIn('offer_id', part).orderBy('target_group')),
    () => whereInChunks(offerIds, (part) => db('offer_languages').whereIn('offer_id', part).orderBy('language')),
    () => whereInChunks(offerIds, (part) =>
      db('offer_schedules').whereIn('offer_id', part).orderBy(['weekday', 'opens_at']),
    ),
    () => whereInChunks(offerIds, (part) => db<OfferTranslationRow>('offer_translations').whereIn('offer_id', part).orderBy('locale')),
    () => whereInChunks(offerIds, (part) =>
      db('offer_locations')
        .join('locations', 'locations.id', 'offer_locations.location_id')
        .whereIn('offer_locations.offer_id', part)
        .select('offer_locations.offer_id as offer_id', 'locations.*')
        .orderBy('locations.id'),
    ),
  ]);
  const providerById = new Map(providers.map((row) => [row.id, toProvider(row)]));
  const byOffer = <T extends { offer_id: number }>(list: T[]) => groupBy(list, (row) => row.offer_id);
  const categoriesBy = byOffer(categories);
  const targetsBy = byOffer(targets);
  const languagesBy = byOffer(languages);
  const schedulesBy = byOffer(schedules);
  const translationsBy = byOffer(translations);
  const locationsBy = byOffer(locationLinks as Array<LocationRow & { offer_id: number }>);
  const offers = new Map<number, Offer>();
  for (const row of rows) {
    const provider = providerById.get(row.provider_id);
    if (!provider) continue;
    offers.set(
      row.id,
      toOffer(row, {
        provider,
        categories: (categoriesBy.get(row.id) ?? []).map((r) => r.category),
        targetGroups: (targetsBy.get(row.id) ?? []).map((r) => r.target_group),
        languages: (languagesBy.get(row.id) ?? []).map((r) => r.language),
        schedule: (schedulesBy.get(row.id) ?? []).map(
          (r): ScheduleSlot => ({ weekday: r.weekday, opensAt: r.opens_at, closesAt: r.closes_at, everyOtherWeek: Boolean(r.every_other_week) }),
        ),
        translations: (translationsBy.get(row.id) ?? []).map(toOfferTranslation),
        locations: (locationsBy.get(row.id) ?? []).map(toLocation),
      }),
    );
  }
  return ids.map((id) => offers.get(id)).filter((offer): offer is Offer => offer !== undefined);
}

export async function findOfferIdBySlug(db: Queryable, slug: string): Promise<number | undefined> {
  const row = await db('offers').where({ slug }).first('id');
  return row?.id;
}

/** The offer imported from `source` with this id there; without a source, any offer with the id. */
export async function findOfferIdByExternalId(db: Queryable, externalId: string, source?: string | null): Promise<number | undefined> {
  const query = db('offers').where({ external_id: externalId });
  if (source !== undefined) query.where(source === null ? { source: null } : { source });
  const row = await query.orderBy('id').first('id');
  return row?.id;
}

export async function findOfferStatus(db: Queryable, id: number): Promise<OfferStatus | undefined> {
  const row = await db('offers').where({ id }).first('status');
  return row?.status;
}

/** Ids of published offers after `afterId`, in id order, for paging through the whole set. */
export async function listPublishedOfferIds(db: Queryable, afterId: number, limit: number): Promise<number[]> {
  const rows = await db('offers').where('status', 'published').andWhere('id', '>', afterId).orderBy('id').limit(limit).select('id');
  return rows.map((row) => row.id);
}

export async function countPublishedOffers(db: Queryable): Promise<number> {
  const row = await db('offers').where('status', 'published').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function isSlugTaken(db: Queryable, slug: string, exceptId?: number): Promise<boolean> {
  const query = db('offers').where({ slug });
  if (exceptId !== undefined) query.whereNot('id', exceptId);
  return (await query.first('id')) !== undefined;
}

export async function insertOfferRow(
  trx: Knex.Transaction,
  input: OfferInput,
  fields: { slug: string; status: OfferStatus; now: string },
): Promise<number> {
  const [inserted] = await trx('offers')
    .insert({
      ...toOfferColumns(input),
      slug: fields.slug,
      status: fields.status,
      published_at: fields.status === 'published' ? fields.now : null,
      created_at: fields.now,
      updated_at: fields.now,
    })
    .returning('id');
  return typeof inserted === 'object' ? inserted.id : inserted;
}

/**
 * Inserts many offers, fifty per statement, and answers their ids in input
 * order (matched by slug, which is unique, not by the order SQLite returns rows).
 */
export async function insertOfferRows(
  trx: Knex.Transaction,
  items: Array<{ input: OfferInput; slug: string; status: OfferStatus; columns?: Record<string, unknown> }>,
  now: string,
): Promise<number[]> {
  const idBySlug = new Map<string, number>();
  for (const part of chunk(items, 50)) {
    const rows = part.map((item) => ({
      ...toOfferColumns(item.input),
      // Columns a caller owns beside the offer's content (the import's key).
      ...item.columns,
      slug: item.slug,
      status: item.status,
      published_at: item.status === 'published' ? now : null,
      created_at: now,
      updated_at: now,
    }));
    for (const row of await trx('offers').insert(rows).returning(['id', 'slug'])) idBySlug.set(row.slug, row.id);
  }
  return items.map((item) => idBySlug.get(item.slug)!);
}

export async function updateOfferRow(trx: Knex.Transaction, id: number, input: OfferInput, now: string): Promise<void> {
  await trx('offers').where({ id }).update({ ...toOfferColumns(input), updated_at: now, version: trx.raw('version + 1') });
}

export async function updateOfferStatus(trx: Knex.Transaction, id: number, status: OfferStatus, now: string): Promise<void> {
  await trx('offers')
    .where({ id })
    .update({
      status,
      updated_at: now,
      version: trx.raw('version + 1'),
      ...(status === 'published' ? { published_at: trx.raw('COALESCE(published_at, ?)', [now]) } : {}),
    });
}

export async function deleteOfferRow(trx: Knex.Transaction, id: number): Promise<number> {
  return trx('offers').where({ id }).delete();
}

/** Replaces categories, target groups, languages, schedule, translations and locations of an offer. */
export async function replaceOfferRelations(trx: Knex.Transaction, offerId: number, input: OfferInput): Promise<void> {
  const tables = ['offer_categories', 'offer_target_groups', 'offer_languages', 'offer_schedules', 'offer_locations'];
  for (const table of tables) await trx(table).where({ offer_id: offerId }).delete();
  // Translations keep their machine provenance where the text is unchanged (offer-translation-rows.ts).
  await replaceOfferTranslations(trx, offerId, input.translations ?? []);
  // Every content change passes here (forms, revisions, imports): machine translations made from
  // other German text are queued for the translation worker to make again.
  await queueStaleMachineTranslations(trx, offerId, input, new Date());
  await insertOfferRelations(trx, [{ offerId, input: { ...input, translations: [] } }]);
}

/**
 * Inserts the relations of offers that have none yet, several offers per
 * statement: an import of thousands of new offers needs a few statements per
 * hundred offers instead of a dozen per offer.
 */
export async function insertOfferRelations(trx: Knex.Transaction, offers: Array<{ offerId: number; input: OfferInput }>): Promise<void> {
  const insert = async (table: string, rows: object[]) => {
    for (const part of chunk(rows, 100)) if (part.length > 0) await trx(table).insert(part);
  };
  const each = <T>(rows: (offerId: number, input: OfferInput) => T[]) => offers.flatMap(({ offerId, input }) => rows(offerId, input));
  await insert('offer_categories', each((offer_id, input) => [...new Set(input.categories)].map((category) => ({ offer_id, category }))));
  await insert('offer_target_groups', each((offer_id, input) => [...new Set(input.targetGroups)].map((target_group) => ({ offer_id, target_group }))));
  await insert('offer_languages', each((offer_id, input) => [...new Set(input.languages)].map((language) => ({ offer_id, language }))));
  await insert(
    'offer_schedules',
    each((offer_id, input) =>
      input.schedule.map((slot) => ({ offer_id, weekday: slot.weekday, opens_at: slot.opensAt, closes_at: slot.closesAt, every_other_week: slot.everyOtherWeek ?? false })),
    ),
  );
  await insert(
    'offer_translations',
    each((offer_id, input) =>
      (input.translations ?? []).map((t) => toTranslationColumns(offer_id, t)),
    ),
  );
  await insert('offer_locations', each((offer_id, input) => [...new Set(input.locationIds)].map((location_id) => ({ offer_id, location_id }))));
}

/** All offers of a provider, whatever their status, newest change first. */
export async function findOffersOfProvider(db: Queryable, providerId: number): Promise<Offer[]> {
  const rows = await db('offers').where({ provider_id: providerId }).orderBy('updated_at', 'desc').select('id');
  return findOffersByIds(db, rows.map((row) => row.id as number));
}
