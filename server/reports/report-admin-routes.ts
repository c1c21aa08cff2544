import { Router, type Request, type Response } from 'express';
import { ConflictError, ValidationError } from '../errors/app-errors.ts';
import { idParam } from '../moderation/moderation-routes.ts';
import { signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { answerReport, closeReport, forwardReport, listOpenReports, markUnderReview, REPORT_OUTCOMES, type ReportDeps } from './report-follow-up-service.ts';

async function showReports(deps: ReportDeps, response: Response): Promise<void> {
  const t = response.locals.t;
  const reports = (await listOpenReports(deps.db)).map((report) => ({ ...report, underReview: Boolean(report.under_review), reported: report.created_at.slice(0, 10), forwarded: report.forwarded_at?.slice(0, 10) ?? null, answered: report.answered_at?.slice(0, 10) ?? null }));
  response.render('admin/reports', { title: t('reports.adminTitle'), reports, outcomes: REPORT_OUTCOMES.map((value) => ({ value, label: t(`reports.outcomes.${value}`) })) });
}

type Action = (deps: ReportDeps, request: Request, response: Response) => Promise<void>;

/** Each follow-up answers with the list again; a refusal explains itself on a short page. */
function followUp(deps: ReportDeps, action: Action) {
  return async (request: Request, response: Response) => {
    try {
      await action(deps, request, response);
      response.redirect(303, '/admin/reports');
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
      const key = error instanceof ValidationError ? (Object.values(error.fields)[0] ?? 'errors.validation') : error.messageKey;
      response.status(error.status).render('admin/message', { title: response.locals.t('reports.adminTitle'), text: response.locals.t(key), back: '/admin/reports' });
    }
  };
}

const forward: Action = (deps, request, response) => forwardReport(deps, signedInUser(response), idParam(request));
const answer: Action = (deps, request, response) => answerReport(deps, signedInUser(response), idParam(request), request.body?.answer);
const close: Action = (deps, request, response) => closeReport(deps, signedInUser(response), idParam(request), request.body?.outcome);
const review: Action = (deps, request, response) => markUnderReview(deps, signedInUser(response), idParam(request), request.body?.on === '1');

/** Problem reports for staff: forward, answer, mark the offer, close with an outcome; mounted behind the /admin guard. */
export function createReportAdminRouter(deps: ReportDeps): Router {
  const router = Router();
  router.get('/admin/reports', (_request, response) => showReports(deps, response));
  router.post('/admin/reports/:id/forward', csrfProtection, followUp(deps, forward));
  router.post('/admin/reports/:id/answer', csrfProtection, followUp(deps, answer));
  router.post('/admin/reports/:id/under-review', csrfProtection, followUp(deps, review));
  router.post('/admin/reports/:id/close', csrfProtection, followUp(deps, close));
  return router;
}
