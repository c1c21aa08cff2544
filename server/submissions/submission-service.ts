import type { User } from '../accounts/account-repository.ts';
import type { Knex } from 'knex';
import { actorOf, recordAudit, type Actor } from '../audit/audit-log.ts';
import { ForbiddenError, NotFoundError } from '../errors/app-errors.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { createOffer, setOfferStatus, updateOffer, type OfferServiceDeps } from '../offers/offer-service.ts';
import type { Location, Offer, OfferInput } from '../offers/offer-types.ts';
import { findProviderById, insertLocation, listLocationsOfProvider, type LocationInput } from '../providers/provider-repository.ts';
import { parseOfferWithPlace, type NewPlace } from './new-place.ts';
import { findPendingRevision, insertRevision, updateRevisionProposal } from './revision-repository.ts';

function requireProvider(user: User): number {
  if (user.providerId === null) throw new ForbiddenError('submission.notLinked');
  return user.providerId;
}

/**
 * An offer of the user's own organisation. Any other offer is "not found",
 * so that ids of other providers' offers reveal nothing.
 */
export async function findOwnOffer(deps: OfferServiceDeps, user: User, offerId: number): Promise<Offer> {
  const providerId = requireProvider(user);
  const [offer] = Number.isInteger(offerId) ? await findOffersByIds(deps.db, [offerId]) : [];
  if (!offer || offer.providerId !== providerId) throw new NotFoundError('errors.offerNotFound');
  return offer;
}

/** The places of the user's organisation, the only ones its offers may be held at. */
export async function listOwnLocations(deps: OfferServiceDeps, user: User): Promise<Location[]> {
  return listLocationsOfProvider(deps.db, requireProvider(user));
}

/**
 * An own offer as its edit form shows it: for a published offer with changes
 * waiting for approval, the proposed version instead of the public one.
 */
export async function findOwnOfferForEditing(
  deps: OfferServiceDeps,
  user: User,
  offerId: number,
): Promise<{ offer: Offer; proposal: OfferInput | null; locations: Location[] }> {
  const offer = await findOwnOffer(deps, user, offerId);
  const pending = offer.status === 'published' ? await findPendingRevision(deps.db, offer.id) : undefined;
  return { offer, proposal: pending?.proposed ?? null, locations: await listLocationsOfProvider(deps.db, offer.providerId) };
}

/** The form's values with the provider taken from the account and the status left to the workflow. */
function ownInput(raw: Record<string, unknown>, providerId: number): Record<string, unknown> {
  const { status: _ignored, providerId: _alsoIgnored, ...rest } = raw;
  return { ...rest, providerId };
}

/**
 * Saves a place typed into an offer form for the provider, inside the offer's
 * transaction; answers the offer's places with the new one last. The place stays
 * off the public provider page until staff approve an offer or change held there.
 */
export async function addNewPlace(
  trx: Knex.Transaction,
  parsed: { input: OfferInput; location: LocationInput | null },
  fields: { providerId: number; actor: Actor; now: Date },
): Promise<number[]> {
  if (!parsed.location) return parsed.input.locationIds;
  const id = await insertLocation(trx, fields.providerId, parsed.location, fields.now.toISOString(), { reviewed: false });
  await recordAudit(trx, { actor: fields.actor, action: 'create', entity: 'location', entityId: id, details: { providerId: fields.providerId }, now: fields.now });
  return [...parsed.input.locationIds, id];
}

/** The offer and a new address (if one was typed), checked together; a place without a name is named after the organisation. */
async function parseOwnOffer(deps: OfferServiceDeps, providerId: number, raw: Record<string, unknown>, place: NewPlace | undefined) {
  const provider = place ? await findProviderById(deps.db, providerId) : undefined;
  return parseOfferWithPlace(ownInput(raw, providerId), place, { taxonomy: deps.taxonomy, defaultName: provider?.name ?? '' });
}

/**
 * Saves a new offer of the user's organisation as a draft. A new address typed
 * into the form becomes a place of the organisation in the same transaction.
 */
export async function createOwnDraft(deps: OfferServiceDeps, user: User, raw: Record<string, unknown>, place?: NewPlace): Promise<Offer> {
  const providerId = requireProvider(user);
  const parsed = await parseOwnOffer(deps, providerId, raw, place);
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    const locationIds = await addNewPlace(trx, parsed, { providerId, actor: actorOf(user), now });
    // A draft is not public, so createOffer queues no search work inside this transaction.
    const offer = await createOffer({ ...deps, db: trx }, { ...parsed.input, locationIds, status: 'draft' });
    await recordAudit(trx, { actor: actorOf(user), action: 'create-draft', entity: 'offer', entityId: offer.id, now });
    return offer;
  });
}

/** A change to a published offer waits as a revision; a second change before the decision replaces the first. */
async function proposeChange(trx: Knex.Transaction, user: User, offer: Offer, input: OfferInput, now: Date): Promise<number> {
  const pending = await findPendingRevision(trx, offer.id);
  const revisionId = pending
    ? (await updateRevisionProposal(trx, pending.id, input, user.id, now), pending.id)
    : await insertRevision(trx, { offerId: offer.id, proposed: input, submittedBy: user.id, now });
  await recordAudit(trx, { actor: actorOf(user), action: 'propose-change', entity: 'offer', entityId: offer.id, details: { revisionId }, now });
  return revisionId;
}

/**
 * Saves changes to an own offer. Drafts, pending and rejected offers change in
 * place (a rejected one becomes a draft again). A published offer gets a pending
 * revision instead: the public keeps seeing the published text until staff approve.
 * A new address is saved at once as a place of the organisation, in the same
 * transaction; for a published offer only the revision uses it, and it reaches
 * the public when staff approve that revision.
 */
export async function saveOwnOffer(
  deps: OfferServiceDeps,
  user: User,
  offerId: number,
  raw: Record<string, unknown>,
  place?: NewPlace,
): Promise<{ offer: Offer; revisionId: number | null }> {
  const offer = await findOwnOffer(deps, user, offerId);
  if (offer.status === 'archived') throw new ForbiddenError('submission.archived');
  const parsed = await parseOwnOffer(deps, offer.providerId, raw, place);
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    const input = { ...parsed.input, locationIds: await addNewPlace(trx, parsed, { providerId: offer.providerId, actor: actorOf(user), now }) };
    if (offer.status === 'published') return { offer, revisionId: await proposeChange(trx, user, offer, input, now) };
    // Not public before or after, so no search work is queued inside this transaction.
    const scoped = { ...deps, db: trx };
    const updated = await updateOffer(scoped, offer.id, input satisfies OfferInput);
    if (offer.status === 'rejected') await setOfferStatus(scoped, offer.id, 'draft');
    await recordAudit(trx, { actor: actorOf(user), action: 'edit', entity: 'offer', entityId: offer.id, now });
    return { offer: updated, revisionId: null };
  });
}

/** Sends an own draft (or a rejected offer) to the moderation queue. */
export async function submitOwnOffer(deps: OfferServiceDeps, user: User, offerId: number): Promise<Offer> {
  const offer = await findOwnOffer(deps, user, offerId);
  if (offer.status !== 'draft' && offer.status !== 'rejected') return offer;
  const submitted = await setOfferStatus(deps, offer.id, 'pending');
  await recordAudit(deps.db, { actor: actorOf(user), action: 'submit', entity: 'offer', entityId: offer.id, now: deps.clock() });
  return submitted;
}
