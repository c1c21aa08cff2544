import type { User } from '../accounts/account-repository.ts';
import { actorOf } from '../audit/audit-log.ts';
import { ConflictError, NotFoundError } from '../errors/app-errors.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { confirmStillCurrent, remind, type FreshnessDeps } from './freshness-service.ts';

export const OVERDUE_PAGE_SIZE = 50;
export const OVERDUE_KINDS = ['all', 'reminded', 'expired'] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];

export interface OverdueFilter {
  kind: OverdueKind;
  text: string;
  page: number;
}

/**
 * Offers staff should chase, longest unconfirmed first: reminded but not
 * confirmed (still public), and already hidden for want of a confirmation.
 */
export async function listOverdueForStaff(deps: Pick<FreshnessDeps, 'db'>, filter: OverdueFilter) {
  const query = deps.db('offers').join('providers', 'providers.id', 'offers.provider_id');
  if (filter.kind === 'reminded') query.where('offers.status', 'published').whereNotNull('offers.reminder_sent_at');
  else if (filter.kind === 'expired') query.where('offers.status', 'expired');
  else query.where((inner) => inner.where('offers.status', 'expired').orWhere((reminded) => reminded.where('offers.status', 'published').whereNotNull('offers.reminder_sent_at')));
  for (const word of filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((inner) => inner.whereRaw("lower(offers.title) LIKE ? ESCAPE '\\'", [like]).orWhereRaw("lower(providers.name) LIKE ? ESCAPE '\\'", [like]));
  }
  const total = Number((await query.clone().count({ n: '*' }).first())?.n ?? 0);
  const rows = await query
    .orderByRaw('COALESCE(offers.last_verified_at, offers.published_at, offers.created_at)')
    .limit(OVERDUE_PAGE_SIZE)
    .offset((filter.page - 1) * OVERDUE_PAGE_SIZE)
    .select('offers.id', 'offers.slug', 'offers.title', 'offers.status', 'offers.reminder_sent_at', 'providers.name as provider',
      deps.db.raw('COALESCE(offers.last_verified_at, offers.published_at, offers.created_at) as last_confirmed'));
  return { total, pages: Math.max(1, Math.ceil(total / OVERDUE_PAGE_SIZE)), rows };
}

async function overdueOffer(deps: Pick<FreshnessDeps, 'db'>, offerId: number) {
  const [offer] = await findOffersByIds(deps.db, [offerId]);
  if (!offer) throw new NotFoundError('errors.offerNotFound');
  if (offer.status !== 'published' && offer.status !== 'expired') throw new ConflictError('freshness.notOverdue');
  return offer;
}

/** Sends the provider a new "still current?" link, logged as the staff member's doing. */
export async function remindAgain(deps: FreshnessDeps, staff: User, offerId: number): Promise<void> {
  await remind(deps, await overdueOffer(deps, offerId), deps.clock(), actorOf(staff));
}

/** Staff confirm an offer on the provider's behalf (after a phone call, say); a hidden one comes back. */
export async function confirmOnBehalf(deps: FreshnessDeps, staff: User, offerId: number): Promise<void> {
  await overdueOffer(deps, offerId);
  await confirmStillCurrent(deps, offerId, actorOf(staff));
}
