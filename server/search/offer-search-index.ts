import type { Database } from '../db/db-connection.ts';
import { writeMeta } from '../db/app-meta-repository.ts';
import { findOffersByIds, listPublishedOfferIds } from '../offers/offer-repository.ts';
import type { Offer } from '../offers/offer-types.ts';
import { meiliErrorCode, runTask, type SearchEngine } from '../search-engine/search-engine.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { toSearchDocuments, type OfferSearchDocument } from './search-document-mapper.ts';
import { OFFER_INDEX_SETTINGS, OFFER_QUERY_SETTINGS, settingsFingerprint, TRANSLATION_LOCALES, type TranslationLocale } from './search-index-settings.ts';
import type { SearchVocabulary } from './search-vocabulary.ts';
import { closeOutboxUpTo, latestOutboxId, reopenOutboxAfter } from './search-outbox-repository.ts';

export const OFFERS_INDEX = 'offers';
export const SETTINGS_META_KEY = 'search.settingsFingerprint';

export interface SearchIndexDeps {
  db: Database;
  engine: SearchEngine;
  taxonomy: Taxonomy;
  clock: () => Date;
}

/** The searchable short texts of documents (descriptions aside: they are long, and rarely a query's only match). */
function addToVocabulary(vocabulary: SearchVocabulary, documents: OfferSearchDocument[]): void {
  for (const doc of documents) {
    vocabulary.add([doc.title, doc.summary, doc.providerName, doc.locationName, doc.city, ...doc.categoryLabels, ...doc.targetLabels, ...doc.languageNames]);
    for (const locale of Object.keys(TRANSLATION_LOCALES) as TranslationLocale[]) {
      vocabulary.add([doc[`title_${locale}`], doc[`summary_${locale}`], ...(doc[`labels_${locale}`] ?? [])]);
    }
  }
}

/**
 * Fills the vocabulary from SQLite and the taxonomy, for a start that found the
 * index current (a rebuild or sync adds words as it indexes).
 */
export async function loadSearchVocabulary(deps: SearchIndexDeps): Promise<void> {
  const vocabulary = deps.engine.vocabulary;
  for (const vocabularyName of ['category', 'target', 'language'] as const) {
    for (const term of deps.taxonomy.terms(vocabularyName)) vocabulary.add(Object.values(term.labels));
  }
  const offers = await deps.db('offers').join('providers', 'providers.id', 'offers.provider_id').where('offers.status', 'published').select('offers.title', 'offers.summary', 'providers.name');
  for (const row of offers) vocabulary.add([row.title, row.summary, row.name]);
  const translations = await deps.db('offer_translations').join('offers', 'offers.id', 'offer_translations.offer_id').where('offers.status', 'published').select('offer_translations.title', 'offer_translations.summary');
  for (const row of translations) vocabulary.add([row.title, row.summary]);
}

/** Only published offers are public. */
export function isPublic(offer: Offer): boolean {
  return offer.status === 'published';
}

export async function indexExists(engine: SearchEngine, uid: string): Promise<boolean> {
  try {
    await engine.client.getRawIndex(uid);
    return true;
  } catch (error) {
    if (meiliErrorCode(error) === 'index_not_found') return false;
    throw error;
  }
}

export async function countIndexedDocuments(engine: SearchEngine): Promise<number> {
  const stats = await engine.client.index(engine.indexUid(OFFERS_INDEX)).getStats();
  return stats.numberOfDocuments;
}

/** How many documents the index should hold: one per published offer and location, one for an offer without location. */
export async function countExpectedDocuments(db: Database): Promise<number> {
  const row = await db('offers')
    .leftJoin('offer_locations', 'offer_locations.offer_id', 'offers.id')
    .where('offers.status', 'published')
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** A filter matching an offer's documents that are no longer wanted; ids are integers from SQLite. */
function staleDocumentsFilter(offerId: number, keep: OfferSearchDocument[]): string {
  const locationIds = keep.map((doc) => doc.locationId).filter((id): id is number => id !== null);
  if (keep.length === 0) return `offerId = ${offerId}`;
  if (locationIds.length === 0) return `(offerId = ${offerId} AND locationId IS NOT NULL)`;
  return `(offerId = ${offerId} AND NOT locationId IN [${locationIds.join(', ')}])`;
}

/**
 * Brings the live index in line with SQLite for these offers: upserts the
 * documents of public ones, then deletes every other document of each offer,
 * so the index never lacks a public offer in between.
 */
export async function syncOffers(deps: SearchIndexDeps, offerIds: number[]): Promise<{ upserted: number; offers: number }> {
  const index = deps.engine.client.index<OfferSearchDocument>(deps.engine.indexUid(OFFERS_INDEX));
  const offers = new Map((await findOffersByIds(deps.db, offerIds)).map((offer) => [offer.id, offer]));
  const documents: OfferSearchDocument[] = [];
  const staleFilters: string[] = [];
  for (const id of new Set(offerIds)) {
    const offer = offers.get(id);
    const keep = offer && isPublic(offer) ? toSearchDocuments(offer, deps.taxonomy) : [];
    documents.push(...keep);
    addToVocabulary(deps.engine.vocabulary, keep);
    staleFilters.push(staleDocumentsFilter(id, keep));
  }
  // Enqueue one after the other so Meilisearch runs them in this order, then wait for both.
  const added = documents.length > 0 ? index.addDocuments(documents, { primaryKey: 'id' }) : undefined;
  await added;
  const deleted = staleFilters.length > 0 ? index.deleteDocuments({ filter: staleFilters.join(' OR ') }) : undefined;
  await deleted;
  try {
    if (added) await runTask(added);
    if (deleted) await runTask(deleted);
  } finally {
    deps.engine.resultCache.invalidate();
  }
  return { upserted: documents.length, offers: offers.size };
}

/** Applies the settings that need no re-indexing (displayed fields, paging, facets) to the live index. */
export async function applyQuerySettings(deps: SearchIndexDeps): Promise<void> {
  const index = deps.engine.client.index(deps.engine.indexUid(OFFERS_INDEX));
  await runTask(index.updateSettings(OFFER_QUERY_SETTINGS));
  deps.engine.resultCache.invalidate();
}

export interface RebuildProgress {
  offers: number;
  documents: number;
}

/**
 * Builds a fresh index from SQLite beside the live one, checks its document
 * count, and swaps it in atomically; the old index answers searches until then.
 * Outbox entries written during the build are processed again afterwards.
 * `onProgress` is awaited after every batch, before the swap.
 */
export async function rebuildOfferIndex(
  deps: SearchIndexDeps,
  onProgress: (progress: RebuildProgress) => void | Promise<void> = () => {},
): Promise<RebuildProgress> {
  const { client } = deps.engine;
  const live = deps.engine.indexUid(OFFERS_INDEX);
  const temp = deps.engine.indexUid(`${OFFERS_INDEX}_rebuild_${deps.clock().getTime()}`);
  const watermark = await latestOutboxId(deps.db);
  const progress: RebuildProgress = { offers: 0, documents: 0 };
  await runTask(client.createIndex(temp, { primaryKey: 'id' }));
  try {
    const index = client.index<OfferSearchDocument>(temp);
    await runTask(index.updateSettings(OFFER_INDEX_SETTINGS));
    for (let after = 0; ; ) {
      const ids = await listPublishedOfferIds(deps.db, after, 1000);
      if (ids.length === 0) break;
      const offers = await findOffersByIds(deps.db, ids);
      const documents = offers.filter(isPublic).flatMap((offer) => toSearchDocuments(offer, deps.taxonomy));
      if (documents.length > 0) await runTask(index.addDocuments(documents, { primaryKey: 'id' }));
      addToVocabulary(deps.engine.vocabulary, documents);
      progress.offers += offers.length;
      progress.documents += documents.length;
      await onProgress({ ...progress });
      after = ids[ids.length - 1] ?? after;
    }
    const { numberOfDocuments } = await index.getStats();
    if (numberOfDocuments !== progress.documents) {
      throw new Error(`Rebuilt index holds ${numberOfDocuments} documents, SQLite gave ${progress.documents}; the live index was kept.`);
    }
    const liveExists = await indexExists(deps.engine, live);
    // Swap exchanges the two; on the very first build, rename moves temp to the live name.
    await runTask(client.swapIndexes([liveExists ? { indexes: [live, temp], rename: false } : { indexes: [temp, live], rename: true }]));
    deps.engine.resultCache.invalidate();
    if (liveExists) await runTask(client.deleteIndex(temp));
  } catch (error) {
    await client.deleteIndexIfExists(temp).catch(() => false);
    throw error;
  }
  const now = deps.clock().toISOString();
  await closeOutboxUpTo(deps.db, watermark, now);
  await reopenOutboxAfter(deps.db, watermark);
  await writeMeta(deps.db, SETTINGS_META_KEY, settingsFingerprint());
  return progress;
}
