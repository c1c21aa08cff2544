import { Router } from 'express';
import { csrfProtection, provideCsrfToken } from '../web/session.ts';
import type { OfferServiceDeps } from '../offers/offer-service.ts';
import { confirmByToken } from './freshness-service.ts';

export function createFreshnessRouter(deps: OfferServiceDeps): Router {
  const router = Router();
  const t = (locals: Express.Locals) => locals.t;

  // The mailed link opens a page with one button: link scanners in mail systems only GET, so they confirm nothing.
  router.get('/offers/confirm/:token', provideCsrfToken, (request, response) =>
    response.render('freshness/confirm', { title: t(response.locals)('freshness.confirmTitle'), token: String(request.params.token) }),
  );
  router.post('/offers/confirm/:token', csrfProtection, async (request, response) => {
    const offer = await confirmByToken(deps, String(request.params.token));
    const text = t(response.locals);
    if (!offer) {
      response.status(400).render('account/message', { title: text('account.badLink.title'), heading: text('account.badLink.title'), text: text('freshness.badLink') });
      return;
    }
    response.render('account/message', { title: text('freshness.thanksTitle'), heading: text('freshness.thanksTitle'), text: text('freshness.thanksText', { title: offer.title }) });
  });

  return router;
}
