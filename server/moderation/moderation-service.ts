import type { Knex } from 'knex';
import type { User } from '../accounts/account-repository.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/app-errors.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail } from '../mail/mail-outbox-repository.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { setOfferStatus, updateOffer, type OfferServiceDeps } from '../offers/offer-service.ts';
import { completeOfferInput, parseOfferInput } from '../offers/offer-schema.ts';
import type { Offer, OfferInput } from '../offers/offer-types.ts';
import { listLocationsOfProvider, markLocationsReviewed, markProviderVerified } from '../providers/provider-repository.ts';
import { findSubmittersOfOffers } from '../public-submissions/public-submission-repository.ts';
import { notifySubmitter } from '../public-submissions/public-submission-service.ts';
import { actorOf } from '../submissions/submission-service.ts';
import { decideRevision, findRevision, listPendingRevisions, updateRevisionProposal, type Revision } from '../submissions/revision-repository.ts';

export interface ModerationDeps extends OfferServiceDeps {
  translate: (locale: string, key: string, values?: Record<string, unknown>) => string;
  links: MailLinks;
}

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
export async function listModerationQueue(deps: OfferServiceDeps): Promise<QueueItem[]> {
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

const DIFF_FIELDS: Array<keyof OfferInput> = [
  'title', 'summary', 'description', 'categories', 'targetGroups', 'languages', 'cost', 'costNote', 'ageMin', 'ageMax', 'format',
  'byAppointment', 'registrationRequired', 'childcare', 'womenOnly', 'schedule', 'locationIds', 'contactName', 'phone', 'email', 'url',
  'validFrom', 'validUntil', 'translations', 'scheduleNote', 'startDate', 'endDate', 'nextStartDate', 'rollingEntry',
  'registrationMethods', 'registrationNote', 'bringAlong', 'interpreterOnRequest',
];

/** The offer as an input, to compare with a proposal field by field. */
export function toInput(offer: Offer): OfferInput {
  return {
    providerId: offer.providerId, title: offer.title, summary: offer.summary, description: offer.description, cost: offer.cost,
    costNote: offer.costNote, ageMin: offer.ageMin, ageMax: offer.ageMax, byAppointment: offer.byAppointment, format: offer.format,
    registrationRequired: offer.registrationRequired, childcare: offer.childcare, womenOnly: offer.womenOnly, contactName: offer.contactName,
    phone: offer.phone, email: offer.email, url: offer.url, validFrom: offer.validFrom, validUntil: offer.validUntil,
    categories: offer.categories, targetGroups: offer.targetGroups, languages: offer.languages, schedule: offer.schedule,
    translations: offer.translations, locationIds: offer.locations.map((location) => location.id),
    scheduleNote: offer.scheduleNote, startDate: offer.startDate, endDate: offer.endDate, nextStartDate: offer.nextStartDate,
    rollingEntry: offer.rollingEntry, registrationMethods: offer.registrationMethods, registrationNote: offer.registrationNote,
    bringAlong: offer.bringAlong, interpreterOnRequest: offer.interpreterOnRequest, externalId: offer.externalId, source: offer.source,
  };
}

function normalise(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify([...value].map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).sort());
  return JSON.stringify(value ?? null);
}

/** The fields a revision changes, with the published and the proposed value. */
export function diffRevision(offer: Offer, proposed: OfferInput): Array<{ field: keyof OfferInput; before: unknown; after: unknown }> {
  const current = toInput(offer);
  const next = completeOfferInput(proposed);
  return DIFF_FIELDS.filter((field) => normalise(current[field]) !== normalise(next[field])).map((field) => ({ field, before: current[field] ?? null, after: next[field] ?? null }));
}

/** A waiting new offer and where it came from, for the review page; anything else is not found. */
export async function findOfferForReview(deps: OfferServiceDeps, offerId: number): Promise<{ offer: Offer } & OfferOrigin> {
  const [offer] = await findOffersByIds(deps.db, [offerId]);
  if (!offer || offer.status !== 'pending') throw new NotFoundError();
  return { offer, ...(await originsOf(deps, [offer])).get(offer.id)! };
}

/** A waiting change with its field-by-field diff and every place either version names, for the review page. */
export async function findRevisionForReview(deps: OfferServiceDeps, revisionId: number) {
  const revision = await findRevision(deps.db, revisionId);
  if (!revision || revision.status !== 'pending') throw new NotFoundError();
  const [offer] = await findOffersByIds(deps.db, [revision.offerId]);
  if (!offer) throw new NotFoundError();
  const places = [...offer.locations, ...(await listLocationsOfProvider(deps.db, offer.providerId))];
  return { revision, offer, changes: diffRevision(offer, revision.proposed), places };
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

async function pendingOffer(deps: OfferServiceDeps, offerId: number): Promise<Offer> {
  const [offer] = await findOffersByIds(deps.db, [offerId]);
  if (!offer) throw new NotFoundError('errors.offerNotFound');
  if (offer.status !== 'pending') throw new ConflictError('moderation.alreadyDecided');
  return offer;
}

async function pendingRevision(deps: OfferServiceDeps, revisionId: number): Promise<{ revision: Revision; offer: Offer }> {
  const revision = await findRevision(deps.db, revisionId);
  if (!revision) throw new NotFoundError();
  if (revision.status !== 'pending') throw new ConflictError('moderation.alreadyDecided');
  const [offer] = await findOffersByIds(deps.db, [revision.offerId]);
  if (!offer) throw new NotFoundError('errors.offerNotFound');
  return { revision, offer };
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

/** Publishes a new offer with its places and provider in one transaction; it reaches search through the outbox. */
export async function approveOffer(deps: ModerationDeps, staff: User, offerId: number): Promise<void> {
  const offer = await pendingOffer(deps, offerId);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    await setOfferStatus({ ...deps, db: trx }, offer.id, 'published');
    await approvePlacesAndProvider(trx, staff, offer, offer.locations.map((location) => location.id), now);
    await recordAudit(trx, { actor: actorOf(staff), action: 'approve', entity: 'offer', entityId: offer.id, now });
    await notifyProvider(deps, trx, offer, { kind: 'approved', reason: null, scope: 'offer', now });
  });
  deps.notifySearch();
}

export async function rejectOffer(deps: ModerationDeps, staff: User, offerId: number, reasonInput: unknown): Promise<void> {
  const reason = requireReason(reasonInput);
  const offer = await pendingOffer(deps, offerId);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    await setOfferStatus({ ...deps, db: trx }, offer.id, 'rejected');
    await recordAudit(trx, { actor: actorOf(staff), action: 'reject', entity: 'offer', entityId: offer.id, details: { reason }, now });
    await notifyProvider(deps, trx, offer, { kind: 'rejected', reason, scope: 'offer', now });
  });
}

/** Applies a proposed change to the published offer in one transaction; search follows through the outbox. */
export async function approveRevision(deps: ModerationDeps, staff: User, revisionId: number): Promise<void> {
  const { revision, offer } = await pendingRevision(deps, revisionId);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    await updateOffer({ ...deps, db: trx }, offer.id, { ...revision.proposed, providerId: offer.providerId });
    await decideRevision(trx, revision.id, { status: 'approved', reason: null, decidedBy: staff.id, now });
    await approvePlacesAndProvider(trx, staff, offer, revision.proposed.locationIds, now);
    await recordAudit(trx, { actor: actorOf(staff), action: 'approve-revision', entity: 'offer', entityId: offer.id, details: { revisionId }, now });
    await notifyProvider(deps, trx, offer, { kind: 'approved', reason: null, scope: 'revision', now });
  });
  deps.notifySearch();
}

export async function rejectRevision(deps: ModerationDeps, staff: User, revisionId: number, reasonInput: unknown): Promise<void> {
  const reason = requireReason(reasonInput);
  const { revision, offer } = await pendingRevision(deps, revisionId);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    await decideRevision(trx, revision.id, { status: 'rejected', reason, decidedBy: staff.id, now });
    await recordAudit(trx, { actor: actorOf(staff), action: 'reject-revision', entity: 'offer', entityId: offer.id, details: { revisionId, reason }, now });
    await notifyProvider(deps, trx, offer, { kind: 'rejected', reason, scope: 'revision', now });
  });
}

/** Staff correct a waiting offer before approving it; the provider stays its owner. */
export async function editPendingOffer(deps: OfferServiceDeps, staff: User, offerId: number, raw: Record<string, unknown>): Promise<void> {
  const offer = await pendingOffer(deps, offerId);
  const { status: _status, ...rest } = raw;
  await updateOffer(deps, offer.id, { ...rest, providerId: offer.providerId });
  await recordAudit(deps.db, { actor: actorOf(staff), action: 'edit-before-approval', entity: 'offer', entityId: offer.id, now: deps.clock() });
}

/** Staff correct a proposed change before approving it. */
export async function editRevision(deps: OfferServiceDeps, staff: User, revisionId: number, raw: Record<string, unknown>): Promise<void> {
  const { revision, offer } = await pendingRevision(deps, revisionId);
  const { status: _status, ...rest } = raw;
  const input = completeOfferInput(parseOfferInput({ ...rest, providerId: offer.providerId }, deps.taxonomy));
  await updateRevisionProposal(deps.db, revision.id, input, revision.submittedBy, new Date(revision.submittedAt));
  await recordAudit(deps.db, { actor: actorOf(staff), action: 'edit-revision', entity: 'offer', entityId: offer.id, details: { revisionId }, now: deps.clock() });
}

/**
 * Why staff turned something down, for the provider to read: for a rejected
 * offer the reason of its rejection; for a published offer the reason its
 * latest proposed change was rejected, if that change is the latest one.
 */
export async function latestRejectionReasons(deps: Pick<OfferServiceDeps, 'db'>, offers: Array<{ id: number; status: string }>): Promise<Map<number, string>> {
  const reasons = new Map<number, string>();
  const rejected = offers.filter((offer) => offer.status === 'rejected').map((offer) => offer.id);
  const published = offers.filter((offer) => offer.status === 'published').map((offer) => offer.id);
  if (rejected.length > 0) {
    const rows = await deps.db('audit_log').where({ entity: 'offer', action: 'reject' }).whereIn('entity_id', rejected).orderBy('id', 'desc').select('entity_id', 'details');
    for (const row of rows) if (!reasons.has(row.entity_id)) reasons.set(row.entity_id, (JSON.parse(row.details) as { reason: string }).reason);
  }
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
