import type { User } from '../accounts/account-repository.ts';
import { recordAudit, type Actor } from '../audit/audit-log.ts';
import { ForbiddenError, NotFoundError } from '../errors/app-errors.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { completeOfferInput, parseOfferInput } from '../offers/offer-schema.ts';
import { createOffer, setOfferStatus, updateOffer, type OfferServiceDeps } from '../offers/offer-service.ts';
import type { Location, Offer, OfferInput } from '../offers/offer-types.ts';
import { listLocationsOfProvider } from '../providers/provider-repository.ts';
import { findPendingRevision, insertRevision, updateRevisionProposal } from './revision-repository.ts';

export function actorOf(user: User): Actor {
  return { userId: user.id, label: user.email };
}

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

/** Saves a new offer of the user's organisation as a draft. */
export async function createOwnDraft(deps: OfferServiceDeps, user: User, raw: Record<string, unknown>): Promise<Offer> {
  const providerId = requireProvider(user);
  const offer = await createOffer(deps, { ...ownInput(raw, providerId), status: 'draft' });
  await recordAudit(deps.db, { actor: actorOf(user), action: 'create-draft', entity: 'offer', entityId: offer.id, now: deps.clock() });
  return offer;
}

/**
 * Saves changes to an own offer. Drafts, pending and rejected offers change in
 * place (a rejected one becomes a draft again). A published offer gets a pending
 * revision instead: the public keeps seeing the published text until staff approve.
 */
export async function saveOwnOffer(
  deps: OfferServiceDeps,
  user: User,
  offerId: number,
  raw: Record<string, unknown>,
): Promise<{ offer: Offer; revisionId: number | null }> {
  const offer = await findOwnOffer(deps, user, offerId);
  const input = completeOfferInput(parseOfferInput(ownInput(raw, offer.providerId), deps.taxonomy));
  const now = deps.clock();
  if (offer.status === 'published') {
    const pending = await findPendingRevision(deps.db, offer.id);
    const revisionId = pending
      ? (await updateRevisionProposal(deps.db, pending.id, input, user.id, now), pending.id)
      : await insertRevision(deps.db, { offerId: offer.id, proposed: input, submittedBy: user.id, now });
    await recordAudit(deps.db, { actor: actorOf(user), action: 'propose-change', entity: 'offer', entityId: offer.id, details: { revisionId }, now });
    return { offer, revisionId };
  }
  if (offer.status === 'archived') throw new ForbiddenError('submission.archived');
  const updated = await updateOffer(deps, offer.id, input satisfies OfferInput);
  if (offer.status === 'rejected') await setOfferStatus(deps, offer.id, 'draft');
  await recordAudit(deps.db, { actor: actorOf(user), action: 'edit', entity: 'offer', entityId: offer.id, now });
  return { offer: updated, revisionId: null };
}

/** Sends an own draft (or a rejected offer) to the moderation queue. */
export async function submitOwnOffer(deps: OfferServiceDeps, user: User, offerId: number): Promise<Offer> {
  const offer = await findOwnOffer(deps, user, offerId);
  if (offer.status !== 'draft' && offer.status !== 'rejected') return offer;
  const submitted = await setOfferStatus(deps, offer.id, 'pending');
  await recordAudit(deps.db, { actor: actorOf(user), action: 'submit', entity: 'offer', entityId: offer.id, now: deps.clock() });
  return submitted;
}
