import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { slugify } from './offer-mapper.ts';
import {
  deleteOfferRow,
  findOfferIdBySlug,
  findOfferStatus,
  findOffersByIds,
  insertOfferRow,
  isSlugTaken,
  replaceOfferRelations,
  updateOfferRow,
  updateOfferStatus,
} from './offer-repository.ts';
import { parseOfferInput } from './offer-schema.ts';
import type { Offer, OfferInput, OfferStatus } from './offer-types.ts';
import { toPublicOffer } from './offer-public.ts';

export interface OfferServiceDeps {
  db: Database;
  taxonomy: Taxonomy;
  clock: () => Date;
  /** Called after a commit that queued search work, so the sync worker runs at once. */
  notifySearch: () => void;
}

/** A change is public when the offer was or becomes published. */
function touchesPublic(before: OfferStatus | undefined, after: OfferStatus | undefined): boolean {
  return before === 'published' || after === 'published';
}

async function uniqueSlug(trx: Knex.Transaction, base: string, exceptId?: number): Promise<string> {
  const root = slugify(base) || 'angebot';
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? root : `${root}-${n}`;
    if (!(await isSlugTaken(trx, candidate, exceptId))) return candidate;
  }
}

async function checkProviderAndLocations(trx: Knex.Transaction, input: OfferInput): Promise<void> {
  const provider = await trx('providers').where({ id: input.providerId }).first('id');
  if (!provider) throw new ValidationError({ providerId: 'unknown provider' });
  if (input.locationIds.length === 0) return;
  const rows = await trx('locations').whereIn('id', input.locationIds).select('id', 'provider_id');
  const valid = new Set(rows.filter((row) => row.provider_id === input.providerId).map((row) => row.id));
  const invalid = input.locationIds.filter((id) => !valid.has(id));
  if (invalid.length > 0) throw new ValidationError({ locationIds: `not a location of this provider: ${invalid.join(', ')}` });
}

async function requireOffer(deps: OfferServiceDeps, id: number): Promise<Offer> {
  const [offer] = await findOffersByIds(deps.db, [id]);
  if (!offer) throw new NotFoundError('errors.offerNotFound');
  return offer;
}

/** Creates an offer (default status draft). The row, its relations and, if public, its outbox entry share one transaction. */
export async function createOffer(deps: OfferServiceDeps, raw: unknown): Promise<Offer> {
  const input = parseOfferInput(raw, deps.taxonomy);
  const status = input.status ?? 'draft';
  const now = deps.clock().toISOString();
  const id = await deps.db.transaction(async (trx) => {
    await checkProviderAndLocations(trx, input);
    const slug = input.slug && !(await isSlugTaken(trx, input.slug)) ? input.slug : await uniqueSlug(trx, input.slug ?? input.title);
    const offerId = await insertOfferRow(trx, input, { slug, status, now });
    await replaceOfferRelations(trx, offerId, input);
    if (touchesPublic(undefined, status)) await enqueueSearchSync(trx, [offerId], now);
    return offerId;
  });
  if (touchesPublic(undefined, status)) deps.notifySearch();
  return requireOffer(deps, id);
}

/** Replaces an offer's content (not its status or slug). */
export async function updateOffer(deps: OfferServiceDeps, id: number, raw: unknown): Promise<Offer> {
  const input = parseOfferInput(raw, deps.taxonomy);
  const now = deps.clock().toISOString();
  const status = await deps.db.transaction(async (trx) => {
    const current = await findOfferStatus(trx, id);
    if (!current) throw new NotFoundError('errors.offerNotFound');
    await checkProviderAndLocations(trx, input);
    await updateOfferRow(trx, id, input, now);
    await replaceOfferRelations(trx, id, input);
    if (touchesPublic(current, current)) await enqueueSearchSync(trx, [id], now);
    return current;
  });
  if (touchesPublic(status, status)) deps.notifySearch();
  return requireOffer(deps, id);
}

/** Moves an offer to another status: publish, unpublish (archived), reject, back to draft. */
export async function setOfferStatus(deps: OfferServiceDeps, id: number, status: OfferStatus): Promise<Offer> {
  const now = deps.clock().toISOString();
  const before = await deps.db.transaction(async (trx) => {
    const current = await findOfferStatus(trx, id);
    if (!current) throw new NotFoundError('errors.offerNotFound');
    await updateOfferStatus(trx, id, status, now);
    if (touchesPublic(current, status)) await enqueueSearchSync(trx, [id], now);
    return current;
  });
  if (touchesPublic(before, status)) deps.notifySearch();
  return requireOffer(deps, id);
}

export const publishOffer = (deps: OfferServiceDeps, id: number) => setOfferStatus(deps, id, 'published');
export const unpublishOffer = (deps: OfferServiceDeps, id: number) => setOfferStatus(deps, id, 'archived');

/** Deletes an offer for good; its search documents follow through the outbox. */
export async function deleteOffer(deps: OfferServiceDeps, id: number): Promise<void> {
  const now = deps.clock().toISOString();
  const before = await deps.db.transaction(async (trx) => {
    const current = await findOfferStatus(trx, id);
    if (!current) throw new NotFoundError('errors.offerNotFound');
    await deleteOfferRow(trx, id);
    if (touchesPublic(current, undefined)) await enqueueSearchSync(trx, [id], now);
    return current;
  });
  if (touchesPublic(before, undefined)) deps.notifySearch();
}

/** A published offer by slug, or by numeric id for the API; anything else is not found. */
export async function findPublishedOffer(db: Database, slugOrId: string): Promise<Offer> {
  const id = /^\d{1,10}$/.test(slugOrId) ? Number(slugOrId) : await findOfferIdBySlug(db, slugOrId.slice(0, 120));
  const [offer] = id === undefined ? [] : await findOffersByIds(db, [id]);
  if (!offer || offer.status !== 'published') throw new NotFoundError('errors.offerNotFound');
  return toPublicOffer(offer);
}
