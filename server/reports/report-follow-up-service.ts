import type { Knex } from 'knex';
import type { User } from '../accounts/account-repository.ts';
import { actorOf, recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/db-connection.ts';
import { withTransaction, type Queryable } from '../db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/app-errors.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail } from '../mail/mail-outbox-repository.ts';

export interface ReportDeps {
  db: Database;
  clock: () => Date;
  links: MailLinks;
  translate: (locale: string, key: string, values?: Record<string, unknown>) => string;
}

/** How staff close a report: what came of it. */
export const REPORT_OUTCOMES = ['corrected', 'provider-corrected', 'no-change', 'archived'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

interface OpenReport {
  id: number;
  offer_id: number;
  message: string;
  reporter_email: string | null;
  created_at: string;
  forwarded_at: string | null;
  answered_at: string | null;
  title: string;
  slug: string;
  provider_id: number;
  under_review: number;
  offer_email: string | null;
}

/** Open reports, oldest first, with their offer and what staff did so far. */
export async function listOpenReports(db: Queryable): Promise<OpenReport[]> {
  return db('problem_reports')
    .join('offers', 'offers.id', 'problem_reports.offer_id')
    .where('problem_reports.status', 'open')
    .orderBy('problem_reports.created_at')
    .select(
      'problem_reports.id', 'problem_reports.offer_id', 'problem_reports.message', 'problem_reports.reporter_email', 'problem_reports.created_at',
      'problem_reports.forwarded_at', 'problem_reports.answered_at', 'offers.title', 'offers.slug', 'offers.provider_id', 'offers.under_review',
      'offers.email as offer_email',
    );
}

async function openReport(trx: Knex.Transaction, id: number): Promise<OpenReport> {
  const [report] = (await listOpenReports(trx)).filter((row) => row.id === id);
  if (!report) throw new NotFoundError();
  return report;
}

/** The provider's accounts, else the offer's own contact address. */
async function providerRecipients(trx: Knex.Transaction, report: OpenReport): Promise<Array<{ email: string; locale: string }>> {
  const users = await trx('users').where({ provider_id: report.provider_id, role: 'provider' }).whereNotNull('email_verified_at').select('email', 'locale');
  if (users.length > 0) return users;
  return report.offer_email ? [{ email: report.offer_email, locale: 'de' }] : [];
}

/** Sends the report's text and the offer's edit link to its provider; refused when there is nobody to write to. */
export async function forwardReport(deps: ReportDeps, staff: User, id: number): Promise<void> {
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const report = await openReport(trx, id);
    const recipients = await providerRecipients(trx, report);
    if (recipients.length === 0) throw new ConflictError('reports.noProviderAddress');
    const link = deps.links.to(`/account/offers/${report.offer_id}/edit`);
    await enqueueMail(trx, recipients.map((to) => ({
      to: to.email,
      subject: deps.translate(to.locale, 'mail.reportForwarded.subject', { title: report.title }),
      text: deps.translate(to.locale, 'mail.reportForwarded.body', { title: report.title, message: report.message, link }),
    })), now);
    await trx('problem_reports').where({ id }).update({ forwarded_at: now.toISOString() });
    await recordAudit(trx, { actor: actorOf(staff), action: 'forward-report', entity: 'problem_report', entityId: id, details: { offerId: report.offer_id }, now });
  });
}

/** Answers the person who reported (only when they left an address); the answer is kept with the report. */
export async function answerReport(deps: ReportDeps, staff: User, id: number, answerInput: unknown): Promise<void> {
  const answer = typeof answerInput === 'string' ? answerInput.trim().slice(0, 2000) : '';
  if (answer.length < 5) throw new ValidationError({ answer: 'reports.answerRequired' });
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const report = await openReport(trx, id);
    if (!report.reporter_email) throw new ConflictError('reports.noReporterAddress');
    await enqueueMail(trx, {
      to: report.reporter_email,
      subject: deps.translate('de', 'mail.reportAnswer.subject', { title: report.title }),
      text: deps.translate('de', 'mail.reportAnswer.body', { title: report.title, message: report.message, answer, link: deps.links.offer(report.slug) }),
    }, now);
    await trx('problem_reports').where({ id }).update({ answer, answered_at: now.toISOString() });
    await recordAudit(trx, { actor: actorOf(staff), action: 'answer-report', entity: 'problem_report', entityId: id, details: { offerId: report.offer_id }, now });
  });
}

/** Closes a report with its outcome; the "wird geprüft" note goes once no report on the offer is open. */
export async function closeReport(deps: Pick<ReportDeps, 'db' | 'clock'>, staff: User, id: number, outcomeInput: unknown): Promise<void> {
  const outcome = REPORT_OUTCOMES.find((candidate) => candidate === outcomeInput);
  if (!outcome) throw new ValidationError({ outcome: 'reports.outcomeRequired' });
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const report = await openReport(trx, id);
    await trx('problem_reports').where({ id, status: 'open' }).update({ status: 'closed', outcome, closed_at: now.toISOString(), closed_by: staff.id });
    const stillOpen = await trx('problem_reports').where({ offer_id: report.offer_id, status: 'open' }).first('id');
    if (!stillOpen) await trx('offers').where({ id: report.offer_id }).update({ under_review: false });
    await recordAudit(trx, { actor: actorOf(staff), action: 'close-report', entity: 'problem_report', entityId: id, details: { offerId: report.offer_id, outcome }, now });
  });
}

/** Shows or hides "wird geprüft" on the offer of an open report. */
export async function markUnderReview(deps: Pick<ReportDeps, 'db' | 'clock'>, staff: User, id: number, on: boolean): Promise<void> {
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    const report = await openReport(trx, id);
    await trx('offers').where({ id: report.offer_id }).update({ under_review: on });
    await recordAudit(trx, { actor: actorOf(staff), action: on ? 'mark-under-review' : 'unmark-under-review', entity: 'offer', entityId: report.offer_id, details: { reportId: id }, now });
  });
}

/** Whether the offer's page says "wird geprüft". */
export async function isOfferUnderReview(db: Queryable, offerId: number): Promise<boolean> {
  const row = await db('offers').where({ id: offerId }).first('under_review');
  return Boolean(row?.under_review);
}
