import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { readMeta, writeMeta } from '../db/app-meta-repository.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail, type OutgoingMail } from '../mail/mail-outbox-repository.ts';

export interface StaffDigestDeps {
  db: Database;
  clock: () => Date;
  links: MailLinks;
  translate: (locale: string, key: string, values?: Record<string, unknown>) => string;
}

/** What is new since the last digest. */
export interface StaffDigestNews {
  /** Confirmed provider accounts. */
  signups: number[];
  /** Offers waiting for their first review. */
  offers: number[];
  /** Of those, offers sent without an account (/submit). */
  offersWithoutAccount: number;
  /** Changes to published offers waiting for review. */
  revisions: number[];
}

export interface StaffDigestReport {
  sent: boolean;
  recipients: number;
  signups: number;
  offers: number;
  revisions: number;
}

const DAY_KEY = 'staff_digest_day';
const TIME_ZONE = 'Europe/Berlin';

/** The calendar day in the region (a digest a day, whatever the server's time zone). */
function regionDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function notReported(trx: Knex.Transaction, kind: string, column: string) {
  return (query: Knex.QueryBuilder) => query.whereNotExists(trx('staff_digest_items').where({ kind }).whereRaw(`staff_digest_items.item_id = ${column}`));
}

/** Items no digest has reported yet; read inside the transaction that marks them reported. */
async function collectNews(trx: Knex.Transaction): Promise<StaffDigestNews> {
  const signups = await trx('users').where({ role: 'provider' }).whereNotNull('email_verified_at').where(notReported(trx, 'signup', 'users.id')).pluck('id');
  const offers = await trx('offers').where({ status: 'pending' }).where(notReported(trx, 'offer', 'offers.id')).pluck('id');
  const withoutAccount = offers.length > 0 ? await trx('public_submissions').whereIn('offer_id', offers).count({ n: '*' }).first() : { n: 0 };
  const revisions = await trx('offer_revisions').where({ status: 'pending' }).where(notReported(trx, 'revision', 'offer_revisions.id')).pluck('id');
  return { signups, offers, offersWithoutAccount: Number(withoutAccount?.n ?? 0), revisions };
}

/** The digest for one staff member, in their language: one line per kind of news, each with its page in the back office. */
export function buildStaffDigestMail(deps: Pick<StaffDigestDeps, 'links' | 'translate'>, recipient: { email: string; locale: string; displayName: string; role: string }, news: StaffDigestNews, now: Date): OutgoingMail {
  const t = (key: string, values?: Record<string, unknown>) => deps.translate(recipient.locale, `mail.staffDigest.${key}`, values);
  const lines = [t('greeting', { name: recipient.displayName }), ''];
  if (news.signups.length > 0) {
    lines.push(t('signups', { count: news.signups.length }));
    // Linking accounts is an admin's task; editors only learn of them.
    if (recipient.role === 'admin') lines.push(`  ${deps.links.to('/admin/accounts')}`);
  }
  if (news.offers.length > 0) {
    lines.push(t('offers', { count: news.offers.length }));
    if (news.offersWithoutAccount > 0) lines.push(t('offersWithoutAccount', { count: news.offersWithoutAccount }));
  }
  if (news.revisions.length > 0) lines.push(t('revisions', { count: news.revisions.length }));
  if (news.offers.length + news.revisions.length > 0) lines.push(t('queue', { link: deps.links.to('/admin/moderation') }));
  lines.push('', t('overview', { link: deps.links.to('/admin') }));
  const day = new Intl.DateTimeFormat(recipient.locale, { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(now);
  return { to: recipient.email, subject: t('subject', { day }), text: lines.join('\n') };
}

/**
 * Mails every editor and admin what is new (confirmed sign-ups, offers and
 * changes waiting for review) once a day. Nothing is sent when nothing is new.
 * The items, the mails (outbox) and the day are written in one transaction, so
 * each item is in exactly one digest even if two processes run it at once.
 */
export async function sendStaffDigestIfDue(deps: StaffDigestDeps): Promise<StaffDigestReport> {
  const now = deps.clock();
  const day = regionDay(now);
  return deps.db.transaction(async (trx) => {
    const nothing = { sent: false, recipients: 0, signups: 0, offers: 0, revisions: 0 };
    if ((await readMeta(trx, DAY_KEY)) === day) return nothing;
    const news = await collectNews(trx);
    if (news.signups.length + news.offers.length + news.revisions.length === 0) return nothing;
    const staff = await trx('users').whereIn('role', ['editor', 'admin']).whereNotNull('email_verified_at').orderBy('id').select('email', 'locale', 'display_name', 'role');
    await enqueueMail(trx, staff.map((member) => buildStaffDigestMail(deps, { email: member.email, locale: member.locale, displayName: member.display_name, role: member.role }, news, now)), now);
    const items = [
      ...news.signups.map((id) => ({ kind: 'signup', item_id: id })),
      ...news.offers.map((id) => ({ kind: 'offer', item_id: id })),
      ...news.revisions.map((id) => ({ kind: 'revision', item_id: id })),
    ].map((item) => ({ ...item, reported_at: now.toISOString() }));
    for (let start = 0; start < items.length; start += 200) await trx('staff_digest_items').insert(items.slice(start, start + 200));
    await writeMeta(trx, DAY_KEY, day);
    return { sent: staff.length > 0, recipients: staff.length, signups: news.signups.length, offers: news.offers.length, revisions: news.revisions.length };
  });
}
