import { Router, type Request, type Response } from 'express';
import { linkAccountToProvider, listAccountsForLinking } from '../accounts/account-linking-service.ts';
import { listAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/db-connection.ts';
import { createFreshnessAdminRouter } from '../freshness/freshness-admin-routes.ts';
import { createModerationEditRouter } from '../moderation/moderation-edit-routes.ts';
import { createModerationRouter, idParam, type ModerationRouteDeps } from '../moderation/moderation-routes.ts';
import { createReportAdminRouter } from '../reports/report-admin-routes.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { buildStaffDashboard } from './admin-dashboard-service.ts';
import { createOfferAdminRouter } from './offer-admin-routes.ts';

export type AdminDeps = ModerationRouteDeps & { freshness: { months: number; graceDays: number } };

async function showOverview(deps: AdminDeps, response: Response): Promise<void> {
  const dashboard = await buildStaffDashboard(deps, signedInUser(response));
  response.render('admin/overview', { title: response.locals.t('admin.title'), ...dashboard });
}

async function showAccounts(db: Database, response: Response): Promise<void> {
  const [accounts, providers] = await Promise.all([listAccountsForLinking(db), db('providers').orderBy('name').select('id', 'name')]);
  const t = response.locals.t;
  response.render('admin/accounts', {
    title: t('admin.accounts.title'),
    accounts: accounts.map((account) => ({ ...account, roleLabel: t(`admin.roles.${account.role}`), options: providers.map((p) => ({ ...p, selected: p.id === account.provider_id })) })),
  });
}

async function linkAccount(deps: AdminDeps, request: Request, response: Response): Promise<void> {
  await linkAccountToProvider(deps, signedInUser(response), idParam(request), request.body?.providerId);
  response.redirect(303, '/admin/accounts');
}

async function showAudit(db: Database, response: Response): Promise<void> {
  response.render('admin/audit', { title: response.locals.t('admin.audit.title'), entries: await listAudit(db, { limit: 200 }) });
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
  router.get('/admin/accounts', requireRole('admin'), (_request, response) => showAccounts(deps.db, response));
  router.post('/admin/accounts/:id/provider', requireRole('admin'), csrfProtection, (request, response) => linkAccount(deps, request, response));
  router.get('/admin/audit', requireRole('admin'), (_request, response) => showAudit(deps.db, response));
  return router;
}
