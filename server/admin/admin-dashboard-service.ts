import type { User } from '../accounts/account-repository.ts';
import type { Database } from '../db/db-connection.ts';
import { listModerationQueue } from '../moderation/moderation-queue.ts';
import { latestRejectionReasons } from '../moderation/moderation-service.ts';
import { findOffersOfProvider } from '../offers/offer-repository.ts';
import type { Offer } from '../offers/offer-types.ts';
import { findProviderById } from '../providers/provider-repository.ts';
import { countMailBacklog } from '../mail/mail-outbox-repository.ts';
import { readOutboxHealth } from '../search/search-outbox-repository.ts';

async function count(query: PromiseLike<Array<Record<string, unknown>>>): Promise<number> {
  const [row] = await query;
  return Number(row?.n ?? 0);
}

/** Whole days since a moment, for "oldest first" at a glance. */
function daysSince(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 86_400_000));
}

export interface StaffDashboard {
  queueLength: number;
  /** The longest-waiting items, to start with. */
  oldest: Array<{ title: string; url: string; days: number; kind: 'offer' | 'revision' }>;
  openReports: number;
  overdue: number;
  unlinked: number;
  isAdmin: boolean;
  /** Offers Meilisearch refused repeatedly and mails that could not be sent: staff should tell IT (/healthz has details). */
  stuck: { searchParked: number; mailParked: number } | null;
}

/** Parked search sync rows (per offer) and parked mails; null when there are none. */
async function stuckWork(db: Database): Promise<StaffDashboard['stuck']> {
  const outbox = await readOutboxHealth(db);
  const mail = await countMailBacklog(db);
  return outbox.parked + mail.parked > 0 ? { searchParked: outbox.parked, mailParked: mail.parked } : null;
}

/** What waits for staff today: moderation, open reports, offers overdue for a check, and (for admins) accounts to link. */
export async function buildStaffDashboard(deps: { db: Database; clock: () => Date }, user: User): Promise<StaffDashboard> {
  const queue = await listModerationQueue(deps);
  const now = deps.clock();
  return {
    queueLength: queue.length,
    oldest: queue.slice(0, 5).map((item) => ({
      title: item.offer.title,
      kind: item.kind,
      days: daysSince(item.waitingSince, now),
      url: item.kind === 'offer' ? `/admin/moderation/offers/${item.offer.id}` : `/admin/moderation/revisions/${item.revision.id}`,
    })),
    openReports: await count(deps.db('problem_reports').whereNot({ status: 'closed' }).count({ n: '*' })),
    overdue: await count(deps.db('offers').where((query) => query.where({ status: 'expired' }).orWhere((inner) => inner.where({ status: 'published' }).whereNotNull('reminder_sent_at'))).count({ n: '*' })),
    unlinked: await count(deps.db('users').where({ role: 'provider' }).whereNull('provider_id').whereNotNull('email_verified_at').count({ n: '*' })),
    isAdmin: user.role === 'admin',
    stuck: await stuckWork(deps.db),
  };
}

export interface ProviderDashboard {
  provider: Awaited<ReturnType<typeof findProviderById>>;
  offers: Array<Offer & { rejectionReason: string | null; changePending: boolean }>;
}

/** A provider's own offers with their state, why staff turned any down, and which have a change waiting. */
export async function buildProviderDashboard(deps: { db: Database }, user: User): Promise<ProviderDashboard> {
  const provider = user.providerId ? await findProviderById(deps.db, user.providerId) : undefined;
  const offers = provider ? await findOffersOfProvider(deps.db, provider.id) : [];
  const reasons = await latestRejectionReasons(deps, offers);
  const pendingRows = await deps.db('offer_revisions').whereIn('offer_id', offers.map((offer) => offer.id)).where({ status: 'pending' }).select('offer_id');
  const pending = new Set(pendingRows.map((row) => row.offer_id as number));
  return { provider, offers: offers.map((offer) => ({ ...offer, rejectionReason: reasons.get(offer.id) ?? null, changePending: pending.has(offer.id) })) };
}
