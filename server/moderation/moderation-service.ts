import type { Knex } from 'knex';
import type { User } from '../accounts/account-repository.ts';
import { actorOf, recordAudit } from '../audit/audit-log.ts';
import { withTransaction } from '../db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/app-errors.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail } from '../mail/mail-outbox-repository.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { updateOffer, type OfferServiceDeps } from '../offers/offer-service.ts';
import { completeOfferInput, parseOfferInput } from '../offers/offer-schema.ts';
import type { Offer } from '../offers/offer-types.ts';
import { markLocationsReviewed, markProviderVerified } from '../providers/provider-repository.ts';
import { notifySubmitter } from '../public-submissions/public-submission-service.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import { findRevision, updateRevisionProposal, type Revision } from '../submissions/revision-repository.ts';
import { decidePendingOffer, decidePendingRevision, findOfferVersion, findRejectionReasons, findRevisionVersion } from './moderation-repository.ts';

export { diffRevision, toInput } from './moderation-diff.ts';
export { findOfferForReview, findRevisionForReview, listModerationQueue, type OfferOrigin, type QueueItem } from './moderation-queue.ts';

export interface ModerationDeps extends OfferServiceDeps {
  translate: (locale: string, key: string, values?: Record<string, unknown>) => string;
  links: MailLinks;
}

/** The offer or change was edited after staff opened it; the decision would cover text nobody reviewed. */
export class ReviewOutdatedError extends ConflictError {
  constructor() {
    super('moderation.changedSinceShown');
  }
}

/**
 * Queues mail to the provider's accounts about a decision, each in their own
 * language, inside the decision's transaction; the outbox worker sends it, so
 * a mail server that is away never fails a decision that was committed.
 * A new offer sent without an account is answered to the address it came from instead.
 */
async function notifyProvider(
  deps: ModerationDeps,
  trx: Knex.Transaction,
  offer: Offer,
  decision: { kind: 'approved' | 'rejected'; reason: string | null; scope: 'offer' | 'revision'; now: Date },
): Promise<void> {
  const { kind, reason, now } = decision;
  if (decision.scope === 'offer' && (await notifySubmitter(deps, trx, offer, { kind, reason, now }))) return;
  const users = await trx('users').where({ provider_id: offer.providerId, role: 'provider' }).select('email', 'locale');
  const link = deps.links.account();
  await enqueueMail(trx, users.map((user) => ({
    to: user.email as string,
    subject: deps.translate(user.locale, `mail.${kind}.subject`, { title: offer.title }),
    text: deps.translate(user.locale, `mail.${kind}.body`, { title: offer.title, reason: reason ?? '', link }),
  })), now);
}

function requireReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length < 5) throw new ValidationError({ reason: 'moderation.reasonRequired' });
  return text.slice(0, 2000);
}

/** Read inside the decision's transaction: the offer must still wait, in the version staff saw. */
async function pendingOffer(trx: Knex.Transaction, offerId: number, shownVersion: number | null): Promise<Offer> {
  const [offer] = await findOffersByIds(trx, [offerId]);
  const state = await findOfferVersion(trx, offerId);
  if (!offer || !state) throw new NotFoundError('errors.offerNotFound');
  if (state.status !== 'pending') throw new ConflictError('moderation.alreadyDecided');
  if (shownVersion !== null && state.version !== shownVersion) throw new ReviewOutdatedError();
  return offer;
}

async function pendingRevision(trx: Knex.Transaction, revisionId: number, shownVersion: number | null): Promise<{ revision: Revision; offer: Offer; version: number }> {
  const revision = await findRevision(trx, revisionId);
  const state = await findRevisionVersion(trx, revisionId);
  if (!revision || !state) throw new NotFoundError();
  if (state.status !== 'pending') throw new ConflictError('moderation.alreadyDecided');
  if (shownVersion !== null && state.version !== shownVersion) throw new ReviewOutdatedError();
  const [offer] = await findOffersByIds(trx, [revision.offerId]);
  if (!offer) throw new NotFoundError('errors.offerNotFound');
  return { revision, offer, version: state.version };
}

/** A conditional update that changed nothing lost a race: someone else decided first. */
function requireWon(changed: number): void {
  if (changed !== 1) throw new ConflictError('moderation.alreadyDecided');
}

/**
 * What staff approve with an offer or a change: its places may now appear on the
 * provider page, and a provider created without an account counts as checked.
 */
async function approvePlacesAndProvider(trx: Knex.Transaction, staff: User, offer: Offer, locationIds: number[], now: Date): Promise<void> {
  await markLocationsReviewed(trx, locationIds, now.toISOString());
  if (await markProviderVerified(trx, offer.providerId, now.toISOString())) {
    await recordAudit(trx, { actor: actorOf(staff), action: 'verify', entity: 'provider', entityId: offer.providerId, details: { offerId: offer.id }, now });
  }
}

/**
 * Publishes a new offer with its places and provider in one transaction, only
 * if it still waits in the version staff saw; it reaches search through the
 * outbox, and the provider's mail through the mail outbox of the same transaction.
 */
export async function approveOffer(deps: ModerationDeps, staff: User, offerId: number, shownVersion: number): Promise<void> {
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const offer = await pendingOffer(trx, offerId, shownVersion);
    requireWon(await decidePendingOffer(trx, offerId, { version: shownVersion, status: 'published', reason: null, now: now.toISOString() }));
    await enqueueSearchSync(trx, [offerId], now.toISOString());
    await approvePlacesAndProvider(trx, staff, offer, offer.locations.map((location) => location.id), now);
    await recordAudit(trx, { actor: actorOf(staff), action: 'approve', entity: 'offer', entityId: offer.id, details: { version: shownVersion }, now });
    await notifyProvider(deps, trx, offer, { kind: 'approved', reason: null, scope: 'offer', now });
  });
  deps.notifySearch();
}

/** Turns a new offer down with a reason kept on the offer; refused when it changed since staff saw it. */
export async function rejectOffer(deps: ModerationDeps, staff: User, offerId: number, shownVersion: number, reasonInput: unknown): Promise<void> {
  const reason = requireReason(reasonInput);
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const offer = await pendingOffer(trx, offerId, shownVersion);
    requireWon(await decidePendingOffer(trx, offerId, { version: shownVersion, status: 'rejected', reason, now: now.toISOString() }));
    await recordAudit(trx, { actor: actorOf(staff), action: 'reject', entity: 'offer', entityId: offer.id, details: { reason, version: shownVersion }, now });
    await notifyProvider(deps, trx, offer, { kind: 'rejected', reason, scope: 'offer', now });
  });
}

/** Applies a proposed change to the published offer in one transaction, only in the version staff saw; search follows through the outbox. */
export async function approveRevision(deps: ModerationDeps, staff: User, revisionId: number, shownVersion: number): Promise<void> {
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const { revision, offer } = await pendingRevision(trx, revisionId, shownVersion);
    requireWon(await decidePendingRevision(trx, revisionId, { version: shownVersion, status: 'approved', reason: null, decidedBy: staff.id, now: now.toISOString() }));
    await updateOffer({ ...deps, db: trx }, offer.id, { ...revision.proposed, providerId: offer.providerId });
    await approvePlacesAndProvider(trx, staff, offer, revision.proposed.locationIds, now);
    await recordAudit(trx, { actor: actorOf(staff), action: 'approve-revision', entity: 'offer', entityId: offer.id, details: { revisionId, version: shownVersion }, now });
    await notifyProvider(deps, trx, offer, { kind: 'approved', reason: null, scope: 'revision', now });
  });
  deps.notifySearch();
}

/** Turns a proposed change down; the reason stays on the revision for the provider to read. */
export async function rejectRevision(deps: ModerationDeps, staff: User, revisionId: number, shownVersion: number, reasonInput: unknown): Promise<void> {
  const reason = requireReason(reasonInput);
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const { offer } = await pendingRevision(trx, revisionId, shownVersion);
    requireWon(await decidePendingRevision(trx, revisionId, { version: shownVersion, status: 'rejected', reason, decidedBy: staff.id, now: now.toISOString() }));
    await recordAudit(trx, { actor: actorOf(staff), action: 'reject-revision', entity: 'offer', entityId: offer.id, details: { revisionId, reason, version: shownVersion }, now });
    await notifyProvider(deps, trx, offer, { kind: 'rejected', reason, scope: 'revision', now });
  });
}

/** Staff correct a waiting offer before approving it; the provider stays its owner. */
export async function editPendingOffer(deps: OfferServiceDeps, staff: User, offerId: number, raw: Record<string, unknown>): Promise<void> {
  const { status: _status, ...rest } = raw;
  await withTransaction(deps.db, async (trx) => {
    const offer = await pendingOffer(trx, offerId, null);
    await updateOffer({ ...deps, db: trx }, offer.id, { ...rest, providerId: offer.providerId });
    await recordAudit(trx, { actor: actorOf(staff), action: 'edit-before-approval', entity: 'offer', entityId: offer.id, now: deps.clock() });
  });
}

/** Staff correct a proposed change before approving it. */
export async function editRevision(deps: OfferServiceDeps, staff: User, revisionId: number, raw: Record<string, unknown>): Promise<void> {
  const { status: _status, ...rest } = raw;
  await withTransaction(deps.db, async (trx) => {
    const { revision, offer } = await pendingRevision(trx, revisionId, null);
    const input = completeOfferInput(parseOfferInput({ ...rest, providerId: offer.providerId }, deps.taxonomy));
    await updateRevisionProposal(trx, revision.id, input, revision.submittedBy, new Date(revision.submittedAt));
    await recordAudit(trx, { actor: actorOf(staff), action: 'edit-revision', entity: 'offer', entityId: offer.id, details: { revisionId }, now: deps.clock() });
  });
}

/**
 * Why staff turned something down, for the provider to read: for a rejected
 * offer the reason kept on it; for a published offer the reason its latest
 * proposed change was rejected, if that change is the latest one.
 */
export async function latestRejectionReasons(deps: Pick<OfferServiceDeps, 'db'>, offers: Array<{ id: number; status: string }>): Promise<Map<number, string>> {
  const reasons = await findRejectionReasons(deps.db, offers.filter((offer) => offer.status === 'rejected' || offer.status === 'archived').map((offer) => offer.id));
  const published = offers.filter((offer) => offer.status === 'published').map((offer) => offer.id);
  if (published.length > 0) {
    const rows = await deps.db('offer_revisions').whereIn('offer_id', published).orderBy('id', 'desc').select('offer_id', 'status', 'reason');
    const seen = new Set<number>();
    for (const row of rows) {
      if (seen.has(row.offer_id)) continue;
      seen.add(row.offer_id);
      if (row.status === 'rejected' && row.reason) reasons.set(row.offer_id, row.reason);
    }
  }
  return reasons;
}
