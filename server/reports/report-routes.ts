import type { Store } from 'express-rate-limit';
import { Router, type Response } from 'express';
import type { Database } from '../db/db-connection.ts';
import { ValidationError } from '../errors/app-errors.ts';
import { findPublishedOffer } from '../offers/offer-service.ts';
import { createAccountRateLimit, csrfProtection, provideCsrfToken } from '../web/session.ts';
import { submitReport } from './report-service.ts';

declare module 'express-session' {
  interface SessionData {
    reportFormShownAt?: number;
  }
}

export function createReportRouter(deps: { db: Database; clock: () => Date; rateLimit: number; rateLimitStore?: Store }): Router {
  const router = Router();
  const t = (response: Response) => response.locals.t;

  router.get('/offers/:slug/report', provideCsrfToken, async (request, response) => {
    const offer = await findPublishedOffer(deps.db, String(request.params.slug));
    request.session.reportFormShownAt = deps.clock().getTime();
    response.render('reports/report-form', { title: t(response)('reports.title'), offer: { title: offer.title, slug: offer.slug }, values: {} });
  });

  router.post('/offers/:slug/report', createAccountRateLimit(deps.rateLimit, deps.rateLimitStore), csrfProtection, provideCsrfToken, async (request, response) => {
    const offer = await findPublishedOffer(deps.db, String(request.params.slug));
    try {
      await submitReport(deps.db, request.body ?? {}, { offerId: offer.id, shownAt: request.session.reportFormShownAt, now: deps.clock() });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = Object.fromEntries(Object.entries(error.fields).map(([field, key]) => [field, t(response)(key)]));
      response.status(400).render('reports/report-form', { title: t(response)('reports.title'), offer: { title: offer.title, slug: offer.slug }, values: request.body, errors, formError: t(response)('errors.validation') });
      return;
    }
    delete request.session.reportFormShownAt;
    response.render('account/message', { title: t(response)('reports.thanksTitle'), heading: t(response)('reports.thanksTitle'), text: t(response)('reports.thanksText') });
  });

  return router;
}
