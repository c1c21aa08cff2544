import { z } from 'zod';
import type { User } from '../accounts/account-repository.ts';
import { parseForm } from '../accounts/account-schema.ts';
import { actorOf, recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/db-connection.ts';
import { NotFoundError } from '../errors/app-errors.ts';
import { looksLikeBot } from '../web/spam.ts';

const reportSchema = z.object({
  message: z.string().trim().min(10, 'reports.messageTooShort').max(2000, 'form.tooLong'),
  email: z.union([z.literal(''), z.email('form.invalidEmail')]).optional(),
});

export interface ReportContext {
  offerId: number;
  /** When the form was shown to this visitor (kept in the session), if at all. */
  shownAt: number | undefined;
  now: Date;
}

/**
 * Stores a problem report. A filled honeypot or a form sent faster than a person
 * types is answered like a success and stored nowhere, so bots learn nothing.
 */
export async function submitReport(db: Database, body: Record<string, unknown>, context: ReportContext): Promise<'stored' | 'discarded'> {
  const input = parseForm(reportSchema, body);
  if (looksLikeBot(body, context.shownAt, context.now)) return 'discarded';
  await db('problem_reports').insert({
    offer_id: context.offerId,
    message: input.message,
    reporter_email: input.email || null,
    created_at: context.now.toISOString(),
  });
  return 'stored';
}

export async function listOpenReports(db: Database) {
  return db('problem_reports')
    .join('offers', 'offers.id', 'problem_reports.offer_id')
    .where('problem_reports.status', 'open')
    .orderBy('problem_reports.created_at')
    .select('problem_reports.id', 'problem_reports.message', 'problem_reports.reporter_email', 'problem_reports.created_at', 'offers.title', 'offers.slug');
}

export async function closeReport(db: Database, staff: User, id: number, now: Date): Promise<void> {
  await db.transaction(async (trx) => {
    const changed = await trx('problem_reports').where({ id, status: 'open' }).update({ status: 'closed', closed_at: now.toISOString(), closed_by: staff.id });
    if (changed === 0) throw new NotFoundError();
    await recordAudit(trx, { actor: actorOf(staff), action: 'close-report', entity: 'problem_report', entityId: id, now });
  });
}
