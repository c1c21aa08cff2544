import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';

type Queryable = Database | Knex.Transaction;

/** A mail as it is queued: already addressed, translated and with its links. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface QueuedMail extends OutgoingMail {
  id: number;
  attempts: number;
}

export interface MailBacklog {
  pending: number;
  parked: number;
  /** When the oldest unsent, unparked mail was queued. */
  oldestPendingAt: string | null;
}

/**
 * Queues mails; call inside the transaction of the change they report, so a
 * mail exists exactly when its change was committed.
 */
export async function enqueueMail(db: Queryable, mails: OutgoingMail | OutgoingMail[], now: Date): Promise<void> {
  const rows = [mails].flat().map((mail) => ({
    recipient: mail.to,
    subject: mail.subject,
    body: mail.text,
    created_at: now.toISOString(),
  }));
  if (rows.length > 0) await db('mail_outbox').insert(rows);
}

/** Unsent mails whose next attempt is due, oldest first. */
export async function listDueMail(db: Queryable, now: Date, limit: number): Promise<QueuedMail[]> {
  const rows = await db('mail_outbox')
    .whereNull('sent_at')
    .whereNull('parked_at')
    .andWhere((due) => due.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now.toISOString()))
    .orderBy('id')
    .limit(limit)
    .select('id', 'recipient', 'subject', 'body', 'attempts');
  return rows.map((row) => ({ id: row.id, to: row.recipient, subject: row.subject, text: row.body, attempts: row.attempts }));
}

/** Marks a mail sent and drops its body: the links in it may carry one-time tokens. */
export async function markMailSent(db: Queryable, id: number, now: Date): Promise<void> {
  await db('mail_outbox').where({ id }).update({ sent_at: now.toISOString(), body: '', last_error: null });
}

/** Counts a failed attempt; the mail is tried again at `retryAt`, or parked when `retryAt` is null. */
export async function recordMailFailure(db: Queryable, id: number, message: string, retryAt: Date | null, now: Date): Promise<void> {
  await db('mail_outbox')
    .where({ id })
    .update({
      attempts: db.raw('attempts + 1'),
      last_error: message.slice(0, 500),
      next_attempt_at: (retryAt ?? now).toISOString(),
      parked_at: retryAt ? null : now.toISOString(),
    });
}

export async function countMailBacklog(db: Queryable): Promise<MailBacklog> {
  const pending = await db('mail_outbox').whereNull('sent_at').whereNull('parked_at').count({ n: '*' }).min({ oldest: 'created_at' }).first();
  const parked = await db('mail_outbox').whereNull('sent_at').whereNotNull('parked_at').count({ n: '*' }).first();
  return { pending: Number(pending?.n ?? 0), parked: Number(parked?.n ?? 0), oldestPendingAt: (pending?.oldest as string | null) ?? null };
}

/** Sent mails are kept a while (without body) for support questions, then removed. */
export async function pruneSentMail(db: Queryable, olderThan: Date): Promise<number> {
  return db('mail_outbox').whereNotNull('sent_at').andWhere('sent_at', '<', olderThan.toISOString()).delete();
}
