import type { Knex } from 'knex';
import { recordAudit, type Actor } from '../audit/audit-log.ts';
import { slugify } from '../offers/offer-mapper.ts';
import { insertOfferRelations, insertOfferRows, replaceOfferRelations, updateOfferRow } from '../offers/offer-repository.ts';
import { parseOfferInput } from '../offers/offer-schema.ts';
import type { OfferInput } from '../offers/offer-types.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { readOwnId } from './import-keys.ts';
import { draftToOfferInput } from './import-offer-draft.ts';
import type { ImportPlan, OfferPlan, PlacePlan, ProviderPlan } from './import-plan.ts';
import type { Vocabulary } from './import-vocabulary.ts';

export interface WriteContext {
  taxonomy: Taxonomy;
  vocabulary: Vocabulary;
  now: Date;
  /** New offers go live at once or wait in moderation. */
  status: 'published' | 'pending';
  actor: Actor;
  fileName: string;
  stored: Map<number, { status: string; lastVerifiedAt: string | null; translations: Array<{ locale: string; title: string; summary: string; description: string }> }>;
  overdueBefore: string;
  onProgress: (done: number) => void;
}

type Tally = { created: number; updated: number; unchanged: number };
export interface WriteCounts {
  offers: Tally;
  providers: Tally;
  places: Tally;
}

/** New rows go in this many per statement: thousands of single inserts were most of an import's time (measured). */
const BATCH = 100;

class SlugPool {
  constructor(private readonly taken: Set<string>) {}
  next(text: string, fallback: string): string {
    const root = slugify(text) || fallback;
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? root : `${root}-${n}`;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
  }
}

function batches<T>(items: T[], size = BATCH): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

const externalOf = (kind: 'provider' | 'place', id: string | null) => (id && readOwnId(kind, id) === undefined ? id : null);

async function writeProviders(trx: Knex.Transaction, providers: ProviderPlan[], context: WriteContext): Promise<{ ids: Map<string, number>; renamed: number[] }> {
  const slugs = new SlugPool(new Set((await trx('providers').select('slug')).map((row) => row.slug)));
  const ids = new Map<string, number>();
  const renamed: number[] = [];
  const now = context.now.toISOString();
  const created = providers.filter((p) => p.action === 'create').map((p) => ({ key: p.key, row: { name: p.name, external_id: externalOf('provider', p.externalId), source: p.source, slug: slugs.next(p.name, 'traeger'), description: '', kind: context.vocabulary.providerKind(p.name), verified: true, created_at: now, updated_at: now } }));
  for (const part of batches(created)) {
    const bySlug = new Map((await trx('providers').insert(part.map((p) => p.row)).returning(['id', 'slug'])).map((row) => [row.slug, row.id]));
    for (const p of part) ids.set(p.key, bySlug.get(p.row.slug));
  }
  for (const provider of providers.filter((p) => p.action !== 'create')) {
    ids.set(provider.key, provider.existingId!);
    if (provider.action !== 'update') continue;
    const before = await trx('providers').where({ id: provider.existingId }).first('name');
    await trx('providers').where({ id: provider.existingId }).update({ name: provider.name, ...(externalOf('provider', provider.externalId) ? { external_id: provider.externalId } : {}), updated_at: now });
    if (before?.name !== provider.name) renamed.push(provider.existingId!);
  }
  return { ids, renamed };
}

function placeColumns(plan: PlacePlan, now: string) {
  const { place } = plan;
  return {
    name: place.name,
    street: place.street,
    postcode: place.postcode,
    city: place.city,
    district: place.district,
    latitude: place.latitude,
    longitude: place.longitude,
    geo_precision: place.precision,
    address_on_request: place.addressOnRequest,
    step_free: place.stepFree,
    external_id: externalOf('place', place.externalId),
    updated_at: now,
  };
}

/** New places are matched back to their plan by what was written (a provider holds one place per address). */
const placeIdentity = (row: { provider_id: number; external_id: string | null; name: string; street: string; postcode: string; district: string }) =>
  JSON.stringify([row.provider_id, row.external_id, row.name, row.street, row.postcode, row.district]);

async function writePlaces(trx: Knex.Transaction, places: PlacePlan[], providerIds: Map<string, number>, context: WriteContext): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const now = context.now.toISOString();
  const created = places.filter((p) => p.action === 'create').map((p) => ({ key: p.key, row: { ...placeColumns(p, now), provider_id: providerIds.get(p.providerKey)!, reviewed: true, created_at: now } }));
  for (const part of batches(created)) {
    const written = await trx('locations').insert(part.map((p) => p.row)).returning(['id', 'provider_id', 'external_id', 'name', 'street', 'postcode', 'district']);
    const byIdentity = new Map(written.map((row) => [placeIdentity(row), row.id as number]));
    for (const p of part) ids.set(p.key, byIdentity.get(placeIdentity(p.row))!);
  }
  for (const plan of places.filter((p) => p.action !== 'create')) {
    ids.set(plan.key, plan.existingId!);
    if (plan.action === 'update') await trx('locations').where({ id: plan.existingId }).update(placeColumns(plan, now));
  }
  return ids;
}

/** The last check: the file's date, else what is stored, else the import's day. */
function lastVerifiedAt(offer: OfferPlan, context: WriteContext): string {
  if (offer.draft.lastVerified) return `${offer.draft.lastVerified}T00:00:00.000Z`;
  return (offer.existingId !== null ? context.stored.get(offer.existingId)?.lastVerifiedAt : null) ?? context.now.toISOString();
}

/** The checked input and the import's own columns of one offer. */
function prepareOffer(offer: OfferPlan, links: { providerId: number; locationIds: number[] }, context: WriteContext): { input: OfferInput; columns: Record<string, unknown> } {
  const stored = offer.existingId !== null ? context.stored.get(offer.existingId) : undefined;
  const input = parseOfferInput(
    draftToOfferInput(offer.draft, { ...links, externalId: offer.externalId, importKey: offer.importKey, lastVerifiedAt: lastVerifiedAt(offer, context), translations: stored?.translations ?? [] }),
    context.taxonomy,
  );
  // Overdue on import: staff see it in the list instead of the provider getting a reminder mail.
  const overdue = offer.draft.lastVerified !== null && offer.draft.lastVerified < context.overdueBefore;
  return { input, columns: { import_key: offer.importKey, ...(overdue ? { reminder_sent_at: context.now.toISOString() } : {}) } };
}

function count<T extends { action: string }>(items: T[]): Tally {
  return { created: items.filter((i) => i.action === 'create').length, updated: items.filter((i) => i.action === 'update').length, unchanged: items.filter((i) => i.action === 'unchanged').length };
}

/** Writes the offers: new ones a hundred per statement (row, then relations), changed ones one by one. Answers the ids that are public. */
async function writeOffers(trx: Knex.Transaction, offers: OfferPlan[], links: { providers: Map<string, number>; places: Map<string, number> }, context: WriteContext): Promise<number[]> {
  const slugs = new SlugPool(new Set((await trx('offers').select('slug')).map((row) => row.slug)));
  const now = context.now.toISOString();
  const linksOf = (offer: OfferPlan) => ({ providerId: links.providers.get(offer.providerKey)!, locationIds: offer.placeKeys.map((key) => links.places.get(key)!) });
  const publicIds: number[] = [];
  let done = offers.filter((offer) => offer.action === 'unchanged').length;
  for (const part of batches(offers.filter((offer) => offer.action === 'create'))) {
    const items = part.map((offer) => ({ ...prepareOffer(offer, linksOf(offer), context), slug: slugs.next(offer.draft.title, 'angebot'), status: context.status }));
    const ids = await insertOfferRows(trx, items, now);
    await insertOfferRelations(trx, ids.map((offerId, index) => ({ offerId, input: items[index]!.input })));
    if (context.status === 'published') publicIds.push(...ids);
    context.onProgress((done += part.length));
  }
  for (const offer of offers.filter((o) => o.action === 'update')) {
    const { input, columns } = prepareOffer(offer, linksOf(offer), context);
    await updateOfferRow(trx, offer.existingId!, input, now);
    await replaceOfferRelations(trx, offer.existingId!, input);
    await trx('offers').where({ id: offer.existingId }).update(columns);
    if (context.stored.get(offer.existingId!)?.status === 'published') publicIds.push(offer.existingId!);
    if (++done % 50 === 0) context.onProgress(done);
  }
  context.onProgress(offers.length);
  return publicIds;
}

/**
 * Writes a plan inside the caller's transaction: providers, places, offers,
 * the search outbox rows for public changes, and one audit entry with the counts.
 */
export async function writeImportPlan(trx: Knex.Transaction, plan: ImportPlan, context: WriteContext): Promise<WriteCounts> {
  const providers = await writeProviders(trx, plan.providers, context);
  const places = await writePlaces(trx, plan.places, providers.ids, context);
  const publicIds = await writeOffers(trx, plan.offers, { providers: providers.ids, places }, context);
  // Search documents carry the provider's name and the places: offers of renamed providers and moved places follow.
  const touchedPlaces = plan.places.filter((p) => p.action === 'update').map((p) => p.existingId!);
  const indirect = await trx('offers')
    .where('status', 'published')
    .where((query) => query.whereIn('provider_id', providers.renamed).orWhereIn('id', trx('offer_locations').whereIn('location_id', touchedPlaces).select('offer_id')))
    .select('id');
  await enqueueSearchSync(trx, [...publicIds, ...indirect.map((row) => row.id as number)], context.now.toISOString());
  const counts = { offers: count(plan.offers), providers: count(plan.providers), places: count(plan.places) };
  await recordAudit(trx, { actor: context.actor, action: 'import', entity: 'import', details: { file: context.fileName, status: context.status, ...counts, missing: plan.missing.length, overdue: plan.overdue.length }, now: context.now });
  return counts;
}
