import { z } from 'zod';
import { parseForm } from '../web/parse-form.ts';
import type { Database } from '../db/db-connection.ts';
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
