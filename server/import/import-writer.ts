import type { Knex } from 'knex';
import { recordAudit, type Actor } from '../audit/audit-log.ts';
import { slugify } from '../offers/offer-mapper.ts';
import { insertOfferRow, replaceOfferRelations, updateOfferRow } from '../offers/offer-repository.ts';
import { parseOfferInput } from '../offers/offer-schema.ts';
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

export interface WriteCounts {
  offers: { created: number; updated: number; unchanged: number };
  providers: { created: number; updated: number; unchanged: number };
  places: { created: number; updated: number; unchanged: number };
}

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

const externalOf = (kind: 'provider' | 'place', id: string | null) => (id && readOwnId(kind, id) === undefined ? id : null);

async function writeProviders(trx: Knex.Transaction, providers: ProviderPlan[], context: WriteContext): Promise<{ ids: Map<string, number>; renamed: number[] }> {
  const slugs = new SlugPool(new Set((await trx('providers').select('slug')).map((row) => row.slug)));
  const ids = new Map<string, number>();
  const renamed: number[] = [];
  const now = context.now.toISOString();
  for (const provider of providers) {
    const columns = { name: provider.name, ...(externalOf('provider', provider.externalId) ? { external_id: provider.externalId } : {}) };
    if (provider.action === 'create') {
      const [row] = await trx('providers')
        .insert({ ...columns, source: provider.source, slug: slugs.next(provider.name, 'traeger'), description: '', kind: context.vocabulary.providerKind(provider.name), verified: true, created_at: now, updated_at: now })
        .returning('id');
      ids.set(provider.key, typeof row === 'object' ? row.id : row);
      continue;
    }
    ids.set(provider.key, provider.existingId!);
    if (provider.action === 'update') {
      const before = await trx('providers').where({ id: provider.existingId }).first('name');
      await trx('providers').where({ id: provider.existingId }).update({ ...columns, updated_at: now });
      if (before?.name !== provider.name) renamed.push(provider.existingId!);
    }
  }
  return { ids, renamed };
}

async function writePlaces(trx: Knex.Transaction, places: PlacePlan[], providerIds: Map<string, number>, context: WriteContext): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const now = context.now.toISOString();
  for (const plan of places) {
    const { place } = plan;
    const columns = {
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
    if (plan.action === 'create') {
      const [row] = await trx('locations').insert({ ...columns, provider_id: providerIds.get(plan.providerKey), reviewed: true, created_at: now }).returning('id');
      ids.set(plan.key, typeof row === 'object' ? row.id : row);
      continue;
    }
    ids.set(plan.key, plan.existingId!);
    if (plan.action === 'update') await trx('locations').where({ id: plan.existingId }).update(columns);
  }
  return ids;
}

/** The last check: the file's date, else what is stored, else the import's day. */
function lastVerifiedAt(offer: OfferPlan, context: WriteContext): string {
  if (offer.draft.lastVerified) return `${offer.draft.lastVerified}T00:00:00.000Z`;
  return (offer.existingId !== null ? context.stored.get(offer.existingId)?.lastVerifiedAt : null) ?? context.now.toISOString();
}

async function writeOffer(trx: Knex.Transaction, offer: OfferPlan, links: { providerId: number; locationIds: number[] }, slugs: SlugPool, context: WriteContext): Promise<{ id: number; status: string }> {
  const now = context.now.toISOString();
  const stored = offer.existingId !== null ? context.stored.get(offer.existingId) : undefined;
  const input = parseOfferInput(
    draftToOfferInput(offer.draft, { ...links, externalId: offer.externalId, importKey: offer.importKey, lastVerifiedAt: lastVerifiedAt(offer, context), translations: stored?.translations ?? [] }),
    context.taxonomy,
  );
  const id = offer.existingId ?? (await insertOfferRow(trx, input, { slug: slugs.next(offer.draft.title, 'angebot'), status: context.status, now }));
  if (offer.existingId !== null) await updateOfferRow(trx, id, input, now);
  await replaceOfferRelations(trx, id, input);
  // Overdue on import: staff see it in the list instead of the provider getting a reminder mail.
  const overdue = offer.draft.lastVerified !== null && offer.draft.lastVerified < context.overdueBefore;
  await trx('offers').where({ id }).update({ import_key: offer.importKey, ...(overdue ? { reminder_sent_at: now } : {}) });
  return { id, status: stored?.status ?? context.status };
}

function count<T extends { action: string }>(items: T[]) {
  return { created: items.filter((i) => i.action === 'create').length, updated: items.filter((i) => i.action === 'update').length, unchanged: items.filter((i) => i.action === 'unchanged').length };
}

/**
 * Writes a plan inside the caller's transaction: providers, places, offers,
 * the search outbox rows for public changes, and one audit entry with the counts.
 */
export async function writeImportPlan(trx: Knex.Transaction, plan: ImportPlan, context: WriteContext): Promise<WriteCounts> {
  const providers = await writeProviders(trx, plan.providers, context);
  const places = await writePlaces(trx, plan.places, providers.ids, context);
  const slugs = new SlugPool(new Set((await trx('offers').select('slug')).map((row) => row.slug)));
  const publicIds: number[] = [];
  let done = 0;
  for (const offer of plan.offers) {
    if (offer.action !== 'unchanged') {
      const links = { providerId: providers.ids.get(offer.providerKey)!, locationIds: offer.placeKeys.map((key) => places.get(key)!) };
      const written = await writeOffer(trx, offer, links, slugs, context);
      if (written.status === 'published') publicIds.push(written.id);
    }
    done += 1;
    if (done % 50 === 0) context.onProgress(done);
  }
  const touchedPlaces = plan.places.filter((p) => p.action === 'update').map((p) => p.existingId!);
  const indirect = await trx('offers')
    .where('status', 'published')
    .where((query) => query.whereIn('provider_id', providers.renamed).orWhereIn('id', trx('offer_locations').whereIn('location_id', touchedPlaces).select('offer_id')))
    .select('id');
  await enqueueSearchSync(trx, [...publicIds, ...indirect.map((row) => row.id as number)], context.now.toISOString());
  const counts = { offers: count(plan.offers), providers: count(plan.providers), places: count(plan.places) };
  await recordAudit(trx, { actor: context.actor, action: 'import', entity: 'import', details: { file: context.fileName, status: context.status, ...counts, missing: plan.missing.length, overdue: plan.overdue.length }, now: context.now });
  context.onProgress(done);
  return counts;
}
