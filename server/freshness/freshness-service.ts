import type { Knex } from 'knex';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit-log.ts';
import { consumeToken, issueToken } from '../accounts/one-time-tokens.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail } from '../mail/mail-outbox-repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { NotFoundError } from '../errors/app-errors.ts';
import { findOffersByIds, findOfferStatus } from '../offers/offer-repository.ts';
import { setOfferStatus, type OfferServiceDeps } from '../offers/offer-service.ts';
import type { Offer, OfferStatus } from '../offers/offer-types.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';

export interface FreshnessDeps extends OfferServiceDeps {
  translate: (locale: string, key: string, values?: Record<string, unknown>) => string;
  links: MailLinks;
  freshness: { months: number; graceDays: number };
}

export interface MaintenanceReport {
  reminded: number;
  expired: number;
  ended: number;
  /** Offers sent without an account whose confirmation link expired unused: deleted with the sender's name and e-mail. */
  purgedSubmissions: number;
}

const DAY_MS = 86_400_000;

function monthsBefore(now: Date, months: number): string {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString();
}

/** When the offer was last confirmed: its check date, or when it was published or created. */
function confirmedAtColumn(db: OfferServiceDeps['db']) {
  return db.raw('COALESCE(last_verified_at, published_at, created_at)');
}

/** Who hears about an offer: its provider's accounts, else the offer's own contact address. */
async function recipients(db: Knex.Transaction, offer: Offer): Promise<Array<{ email: string; locale: string }>> {
  const users = await db('users').where({ provider_id: offer.providerId, role: 'provider' }).whereNotNull('email_verified_at').select('email', 'locale');
  if (users.length > 0) return users;
  return offer.email ? [{ email: offer.email, locale: 'de' }] : [];
}

/** Mails a "still current?" link to the offer's provider, in one transaction with the reminder mark and its audit entry. */
export async function remind(deps: FreshnessDeps, offer: Offer, now: Date, actor: Actor = SYSTEM_ACTOR): Promise<void> {
  await withTransaction(deps.db, async (trx) => {
    const token = await issueToken(trx, { purpose: 'still-current', offerId: offer.id, ttlMs: (deps.freshness.graceDays + 30) * DAY_MS, now });
    const link = deps.links.stillCurrent(token);
    const deadline = new Date(now.getTime() + deps.freshness.graceDays * DAY_MS).toISOString().slice(0, 10);
    const mails = (await recipients(trx, offer)).map((to) => ({
      to: to.email,
      subject: deps.translate(to.locale, 'mail.stillCurrent.subject', { title: offer.title }),
      text: deps.translate(to.locale, 'mail.stillCurrent.body', { title: offer.title, link, editLink: deps.links.account(), deadline }),
    }));
    await enqueueMail(trx, mails, now);
    await trx('offers').where({ id: offer.id }).update({ reminder_sent_at: now.toISOString() });
    await recordAudit(trx, { actor, action: 'remind-still-current', entity: 'offer', entityId: offer.id, now });
  });
}

/** A status change by the maintenance run and its audit entry, in one transaction. */
async function changeStatus(deps: OfferServiceDeps, id: number, status: OfferStatus, action: string, now: Date): Promise<void> {
  await withTransaction(deps.db, async (trx) => {
    await setOfferStatus({ ...deps, db: trx }, id, status);
    await recordAudit(trx, { actor: SYSTEM_ACTOR, action, entity: 'offer', entityId: id, now });
  });
}

/**
 * The daily freshness run. Published offers not confirmed for `months` get a
 * mail with a one-click "still current" link; those still unconfirmed
 * `graceDays` after the reminder are hidden (status expired, never deleted);
 * offers past their end date are archived. Each step selects by state, so a
 * second run on the same day changes nothing.
 */
export async function runMaintenance(deps: FreshnessDeps): Promise<MaintenanceReport> {
  const now = deps.clock();
  const report: MaintenanceReport = { reminded: 0, expired: 0, ended: 0, purgedSubmissions: 0 };
  const today = now.toISOString().slice(0, 10);

  const ended = await deps.db('offers').where({ status: 'published' }).whereNotNull('valid_until').andWhere('valid_until', '<', today).select('id');
  for (const { id } of ended) {
    await changeStatus(deps, id, 'archived', 'end-by-date', now);
    report.ended += 1;
  }

  const graceStart = new Date(now.getTime() - deps.freshness.graceDays * DAY_MS).toISOString();
  const overdue = await deps.db('offers').where({ status: 'published' }).whereNotNull('reminder_sent_at').andWhere('reminder_sent_at', '<=', graceStart).select('id');
  for (const { id } of overdue) {
    await changeStatus(deps, id, 'expired', 'expire-unconfirmed', now);
    report.expired += 1;
  }

  const due = await deps.db('offers')
    .where({ status: 'published' })
    .whereNull('reminder_sent_at')
    .andWhere(confirmedAtColumn(deps.db), '<', monthsBefore(now, deps.freshness.months))
    .select('id');
  for (const offer of await findOffersByIds(deps.db, due.map((row) => row.id as number))) {
    await remind(deps, offer, now);
    report.reminded += 1;
  }

  report.purgedSubmissions = await deps.db('public_submissions').whereNull('confirmed_at').andWhere('expires_at', '<', now.toISOString()).delete();
  return report;
}

/**
 * Confirms an offer as still current, in one transaction with its audit entry:
 * an expired offer comes back into search, a published one gets a search
 * outbox row so its "last checked" date is fresh in the index too.
 */
export async function confirmStillCurrent(deps: OfferServiceDeps, offerId: number, actor: Actor): Promise<Offer> {
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const changed = await trx('offers').where({ id: offerId }).update({ last_verified_at: now.toISOString(), reminder_sent_at: null, updated_at: now.toISOString() });
    if (changed === 0) throw new NotFoundError('errors.offerNotFound');
    const status = await findOfferStatus(trx, offerId);
    if (status === 'expired') await setOfferStatus({ ...deps, db: trx }, offerId, 'published');
    else if (status === 'published') await enqueueSearchSync(trx, [offerId], now.toISOString());
    await recordAudit(trx, { actor, action: 'confirm-still-current', entity: 'offer', entityId: offerId, now });
  });
  deps.notifySearch();
  return (await findOffersByIds(deps.db, [offerId]))[0]!;
}

/** Confirms from the mailed link; undefined for an unknown, used or expired link. */
export async function confirmByToken(deps: OfferServiceDeps, token: string): Promise<Offer | undefined> {
  const used = await consumeToken(deps.db, 'still-current', token, deps.clock());
  if (!used?.offerId) return undefined;
  return confirmStillCurrent(deps, used.offerId, { userId: null, label: 'still-current link' });
}
