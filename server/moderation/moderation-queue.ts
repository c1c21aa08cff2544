import { NotFoundError } from '../errors/app-errors.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import type { OfferServiceDeps } from '../offers/offer-service.ts';
import type { Offer, OfferInput } from '../offers/offer-types.ts';
import { listLocationsOfProvider } from '../providers/provider-repository.ts';
import { findSubmittersOfOffers } from '../public-submissions/public-submission-repository.ts';
import { findRevision, listPendingRevisions, type Revision } from '../submissions/revision-repository.ts';
import { diffRevision, toInput } from './moderation-diff.ts';
import { findOfferVersion, findRevisionVersion } from './moderation-repository.ts';

/** Who sent a new offer without an account, and whether its provider was created from that submission and is still unchecked. */
export interface OfferOrigin {
  withoutAccount: { email: string; contactName: string } | null;
  unverifiedProvider: boolean;
}

export type QueueItem =
  | ({ kind: 'offer'; offer: Offer; waitingSince: string } & OfferOrigin)
  | { kind: 'revision'; offer: Offer; revision: Revision; waitingSince: string };

async function originsOf(deps: Pick<OfferServiceDeps, 'db'>, offers: Offer[]): Promise<Map<number, OfferOrigin>> {
  const submitters = await findSubmittersOfOffers(deps.db, offers.map((offer) => offer.id));
  const providerIds = [...new Set(offers.map((offer) => offer.providerId))];
  const unverified = new Set((await deps.db('providers').whereIn('id', providerIds).where('verified', false).select('id')).map((row) => row.id as number));
  return new Map(offers.map((offer) => {
    const submitter = submitters.get(offer.id);
    return [offer.id, { withoutAccount: submitter ? { email: submitter.email, contactName: submitter.contactName } : null, unverifiedProvider: unverified.has(offer.providerId) }];
  }));
}

/** New offers and proposed changes awaiting a decision, oldest first; new offers say whether they came without an account. */
export async function listModerationQueue(deps: Pick<OfferServiceDeps, 'db'>): Promise<QueueItem[]> {
  const pendingIds = (await deps.db('offers').where({ status: 'pending' }).select('id')).map((row) => row.id as number);
  const revisions = await listPendingRevisions(deps.db);
  const offers = new Map((await findOffersByIds(deps.db, [...pendingIds, ...revisions.map((r) => r.offerId)])).map((offer) => [offer.id, offer]));
  const pending = pendingIds.map((id) => offers.get(id)).filter((offer): offer is Offer => offer !== undefined);
  const origins = await originsOf(deps, pending);
  const items: QueueItem[] = [
    ...pending.map((offer) => ({ kind: 'offer' as const, offer, waitingSince: offer.updatedAt, ...origins.get(offer.id)! })),
    ...revisions.flatMap((revision) => {
      const offer = offers.get(revision.offerId);
      return offer ? [{ kind: 'revision' as const, offer, revision, waitingSince: revision.submittedAt }] : [];
    }),
  ];
  return items.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
}

/**
 * A waiting new offer, where it came from and the version shown, for the review
 * page; anything else is not found.
 */
export async function findOfferForReview(deps: Pick<OfferServiceDeps, 'db'>, offerId: number) {
  const [offer] = await findOffersByIds(deps.db, [offerId]);
  const state = await findOfferVersion(deps.db, offerId);
  if (!offer || !state || offer.status !== 'pending') throw new NotFoundError();
  const places = await listLocationsOfProvider(deps.db, offer.providerId);
  return { offer, version: state.version, shown: toInput(offer), places, ...(await originsOf(deps, [offer])).get(offer.id)! };
}

/** A waiting change with its field-by-field diff, the version shown and every place either version names, for the review page. */
export async function findRevisionForReview(deps: Pick<OfferServiceDeps, 'db'>, revisionId: number) {
  const revision = await findRevision(deps.db, revisionId);
  const state = await findRevisionVersion(deps.db, revisionId);
  if (!revision || !state || revision.status !== 'pending') throw new NotFoundError();
  const [offer] = await findOffersByIds(deps.db, [revision.offerId]);
  if (!offer) throw new NotFoundError();
  const places = [...offer.locations, ...(await listLocationsOfProvider(deps.db, offer.providerId))];
  return { revision, offer, version: state.version, shown: revision.proposed, changes: diffRevision(offer, revision.proposed), places };
}

/** What staff may correct before deciding: a waiting new offer, or a waiting change with its offer; anything else is not found. */
export async function findEditTarget(deps: Pick<OfferServiceDeps, 'db'>, kind: 'offers' | 'revisions', id: number) {
  if (kind === 'offers') {
    const [offer] = await findOffersByIds(deps.db, [id]);
    if (!offer || offer.status !== 'pending') throw new NotFoundError();
    return { offer, source: offer as Offer | OfferInput, back: `/admin/moderation/offers/${id}`, locations: await listLocationsOfProvider(deps.db, offer.providerId) };
  }
  const revision = await findRevision(deps.db, id);
  if (!revision || revision.status !== 'pending') throw new NotFoundError();
  const [offer] = await findOffersByIds(deps.db, [revision.offerId]);
  if (!offer) throw new NotFoundError();
  return { offer, source: revision.proposed as Offer | OfferInput, back: `/admin/moderation/revisions/${id}`, locations: await listLocationsOfProvider(deps.db, offer.providerId) };
}
