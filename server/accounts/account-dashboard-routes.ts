import { Router, type Request, type Response } from 'express';
import { buildProviderDashboard, buildStaffDashboard } from '../admin/admin-dashboard-service.ts';
import type { Database } from '../db/db-connection.ts';
import { localisedOfferText } from '../offers/offer-view-mapper.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';

/** Staff see their work queue; providers their offers. */
async function showDashboard(deps: { db: Database; clock: () => Date }, request: Request, response: Response): Promise<void> {
  const user = signedInUser(response);
  const t = response.locals.t;
  if (user.role !== 'provider') {
    response.render('account/staff-dashboard', { title: t('account.dashboard.title'), ...(await buildStaffDashboard(deps, user)) });
    return;
  }
  const { provider, offers } = await buildProviderDashboard(deps, user);
  response.render('account/dashboard', {
    title: t('account.dashboard.title'),
    provider,
    // Only the fixed notice a redirect from the offer form asks for; nothing typed reaches the page.
    notice: request.query.notice === 'submitted' ? t('offerForm.notice.submitted') : null,
    offers: offers.map((offer) => ({
      ...offer,
      statusLabel: t(`offer.status.${offer.status}`),
      url: offer.status === 'published' ? `/offers/${offer.slug}` : null,
      editUrl: offer.status === 'archived' ? null : `/account/offers/${offer.id}/edit`,
      title: localisedOfferText(offer, response.locals.lang).title,
    })),
  });
}

export function createAccountDashboardRouter(deps: { db: Database; clock: () => Date }): Router {
  const router = Router();
  router.get('/account', requireRole('provider'), (request, response) => showDashboard(deps, request, response));
  return router;
}
