import { Router, type Request, type Response } from 'express';
import { createAccountLinkingRouter } from '../accounts/account-linking-routes.ts';
import { listAuditEntries, toAuditEntryView } from '../audit/audit-view.ts';
import type { Database } from '../db/db-connection.ts';
import type { Region } from '../region/region-config.ts';
import { createFreshnessAdminRouter } from '../freshness/freshness-admin-routes.ts';
import { createModerationEditRouter } from '../moderation/moderation-edit-routes.ts';
import { createModerationRouter, type ModerationRouteDeps } from '../moderation/moderation-routes.ts';
import { createReportAdminRouter } from '../reports/report-admin-routes.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { buildStaffDashboard } from './admin-dashboard-service.ts';
import { createOfferAdminRouter } from './offer-admin-routes.ts';
import type { MachineTranslation } from '../translation/translation-service.ts';

export type AdminDeps = ModerationRouteDeps & { freshness: { months: number; graceDays: number }; region: Region; translation?: MachineTranslation };

async function showOverview(deps: AdminDeps, response: Response): Promise<void> {
  const dashboard = await buildStaffDashboard(deps, signedInUser(response));
  response.render('admin/overview', { title: response.locals.t('admin.title'), ...dashboard });
}

/** The audit log with its filters from the query string; times in the region's time zone. */
async function showAudit(db: Database, request: Request, response: Response): Promise<void> {
  const offerId = Number(request.query.offer);
  const page = Number(request.query.page);
  const filter = {
    actor: String(request.query.who ?? '').slice(0, 200),
    offerId: Number.isInteger(offerId) && offerId > 0 ? offerId : null,
    action: String(request.query.action ?? '').slice(0, 60),
    page: Number.isInteger(page) && page > 0 && page < 10_000 ? page : 1,
  };
  const { rows, total, pages, actions } = await listAuditEntries(db, filter);
  const t = response.locals.t;
  const ctx = { locale: response.locals.lang, t, timeZone: 'Europe/Berlin' };
  const link = (to: number) => `/admin/audit?${new URLSearchParams({ who: filter.actor, offer: filter.offerId ? String(filter.offerId) : '', action: filter.action, page: String(to) })}`;
  response.render('admin/audit', {
    title: t('admin.audit.title'),
    filter,
    total,
    entries: rows.map((row) => toAuditEntryView(row, ctx)),
    actions: actions.map((action) => ({ value: action, label: t(`audit.actions.${action}`, { defaultValue: action }), selected: action === filter.action })),
    previous: filter.page > 1 ? link(filter.page - 1) : null,
    next: filter.page < pages ? link(filter.page + 1) : null,
    page: filter.page,
    pages,
  });
}

/**
 * The back office's own pages. The whole /admin area is guarded once where it
 * is mounted (editors and admins); admin-only pages say so here.
 */
export function createAdminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.get('/admin', (_request, response) => showOverview(deps, response));
  router.use(createModerationRouter(deps));
  router.use(createModerationEditRouter(deps));
  router.use(createOfferAdminRouter(deps));
  router.use(createReportAdminRouter(deps));
  router.use(createFreshnessAdminRouter(deps));
  router.use(createAccountLinkingRouter(deps));
  router.get('/admin/audit', requireRole('admin'), (request, response) => showAudit(deps.db, request, response));
  return router;
}
