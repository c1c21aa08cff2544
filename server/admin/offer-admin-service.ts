import type { Knex } from 'knex';
import type { User } from '../accounts/account-repository.ts';
import { actorOf, recordAudit } from '../audit/audit-log.ts';
import { withTransaction } from '../db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { enqueueMail } from '../mail/mail-outbox-repository.ts';
import type { ModerationDeps } from '../moderation/moderation-service.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { setOfferStatus, updateOffer } from '../offers/offer-service.ts';
import type { Offer, OfferStatus } from '../offers/offer-types.ts';
import { listLocationsOfProvider } from '../providers/provider-repository.ts';

export type OfferAdminDeps = ModerationDeps;

export const OFFER_PAGE_SIZE = 50;

export interface OfferListFilter {
  text: string;
  status: OfferStatus | '';
  page: number;
}

/** Every offer whatever its state, newest change first, by words of its title or provider and by state; paged. */
export async function listOffersForStaff(deps: Pick<OfferAdminDeps, 'db'>, filter: OfferListFilter) {
  const query = deps.db('offers').join('providers', 'providers.id', 'offers.provider_id');
  for (const word of filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((inner) => inner.whereRaw("lower(offers.title) LIKE ? ESCAPE '\\'", [like]).orWhereRaw("lower(providers.name) LIKE ? ESCAPE '\\'", [like]));
  }
  if (filter.status) query.where('offers.status', filter.status);
  const total = Number((await query.clone().count({ n: '*' }).first())?.n ?? 0);
  const rows = await query.orderBy('offers.updated_at', 'desc').limit(OFFER_PAGE_SIZE).offset((filter.page - 1) * OFFER_PAGE_SIZE)
    .select('offers.id', 'offers.slug', 'offers.title', 'offers.status', 'offers.updated_at', 'providers.name as provider');
  return { total, pages: Math.max(1, Math.ceil(total / OFFER_PAGE_SIZE)), rows };
}

/** An offer staff may edit directly, with the places of its provider. */
export async function findOfferForStaffEdit(deps: Pick<OfferAdminDeps, 'db'>, offerId: number) {
  const [offer] = await findOffersByIds(deps.db, [offerId]);
  if (!offer) throw new NotFoundError('errors.offerNotFound');
  return { offer, locations: await listLocationsOfProvider(deps.db, offer.providerId) };
}

/** Mails the provider's accounts that staff changed their offer, in the change's transaction. */
async function tellProvider(deps: OfferAdminDeps, trx: Knex.Transaction, offer: Offer, change: { kind: 'edited' | 'archived' | 'restored'; reason: string; now: Date }) {
  const users = await trx('users').where({ provider_id: offer.providerId, role: 'provider' }).select('email', 'locale');
  const link = deps.links.account();
  await enqueueMail(trx, users.map((user) => ({
    to: user.email as string,
    subject: deps.translate(user.locale, `mail.staff${change.kind[0]!.toUpperCase()}${change.kind.slice(1)}.subject`, { title: offer.title }),
    text: deps.translate(user.locale, `mail.staff${change.kind[0]!.toUpperCase()}${change.kind.slice(1)}.body`, { title: offer.title, reason: change.reason, link }),
  })), change.now);
}

/**
 * Staff change any offer directly, without a revision: the public sees the new
 * text at once. Logged, and the provider is told, in one transaction.
 */
export async function editOfferAsStaff(deps: OfferAdminDeps, staff: User, offerId: number, raw: Record<string, unknown>): Promise<void> {
  const { status: _status, ...rest } = raw;
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const { offer } = await findOfferForStaffEdit({ db: trx }, offerId);
    await updateOffer({ ...deps, db: trx }, offerId, { ...rest, providerId: offer.providerId });
    await recordAudit(trx, { actor: actorOf(staff), action: 'staff-edit', entity: 'offer', entityId: offerId, now });
    await tellProvider(deps, trx, offer, { kind: 'edited', reason: '', now });
  });
}

function requireReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length < 5) throw new ValidationError({ reason: 'staffOffers.reasonRequired' });
  return text.slice(0, 2000);
}

/** Takes a published or expired offer out of the directory with a reason the provider reads. */
export async function archiveOfferAsStaff(deps: OfferAdminDeps, staff: User, offerId: number, reasonInput: unknown): Promise<void> {
  const reason = requireReason(reasonInput);
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const { offer } = await findOfferForStaffEdit({ db: trx }, offerId);
    if (offer.status === 'archived') throw new ConflictError('staffOffers.alreadyArchived');
    await setOfferStatus({ ...deps, db: trx }, offerId, 'archived');
    await trx('offers').where({ id: offerId }).update({ rejection_reason: reason });
    await recordAudit(trx, { actor: actorOf(staff), action: 'archive', entity: 'offer', entityId: offerId, details: { reason, from: offer.status }, now });
    await tellProvider(deps, trx, offer, { kind: 'archived', reason, now });
  });
  deps.notifySearch();
}

/** Brings an archived or expired offer back into the directory, confirmed as of today. */
export async function restoreOfferAsStaff(deps: OfferAdminDeps, staff: User, offerId: number): Promise<void> {
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const { offer } = await findOfferForStaffEdit({ db: trx }, offerId);
    if (offer.status !== 'archived' && offer.status !== 'expired') throw new ConflictError('staffOffers.notArchived');
    await trx('offers').where({ id: offerId }).update({ rejection_reason: null, last_verified_at: now.toISOString(), reminder_sent_at: null });
    await setOfferStatus({ ...deps, db: trx }, offerId, 'published');
    await recordAudit(trx, { actor: actorOf(staff), action: 'restore', entity: 'offer', entityId: offerId, details: { from: offer.status }, now });
    await tellProvider(deps, trx, offer, { kind: 'restored', reason: '', now });
  });
  deps.notifySearch();
}
