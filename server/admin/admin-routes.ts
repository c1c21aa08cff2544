import { Router, type Request, type Response } from 'express';
import { linkAccountToProvider, listAccountsForLinking, searchProviders } from '../accounts/account-linking-service.ts';
import { listAuditEntries, toAuditEntryView } from '../audit/audit-view.ts';
import type { Database } from '../db/db-connection.ts';
import { createFreshnessAdminRouter } from '../freshness/freshness-admin-routes.ts';
import { createModerationEditRouter } from '../moderation/moderation-edit-routes.ts';
import { createModerationRouter, idParam, type ModerationRouteDeps } from '../moderation/moderation-routes.ts';
import { createReportAdminRouter } from '../reports/report-admin-routes.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { buildStaffDashboard } from './admin-dashboard-service.ts';
import { createOfferAdminRouter } from './offer-admin-routes.ts';
import type { MachineTranslation } from '../translation/translation-service.ts';

export type AdminDeps = ModerationRouteDeps & { freshness: { months: number; graceDays: number }; translation?: MachineTranslation };

async function showOverview(deps: AdminDeps, response: Response): Promise<void> {
  const dashboard = await buildStaffDashboard(deps, signedInUser(response));
  response.render('admin/overview', { title: response.locals.t('admin.title'), ...dashboard });
}

/** Accounts to link; the organisations to choose from are those whose name matches the search (the directory has hundreds). */
async function showAccounts(db: Database, request: Request, response: Response): Promise<void> {
  const text = String(request.query.q ?? '').slice(0, 200);
  const [accounts, providers] = await Promise.all([listAccountsForLinking(db), searchProviders(db, text)]);
  const t = response.locals.t;
  response.render('admin/accounts', {
    title: t('admin.accounts.title'),
    q: text,
    searched: text.trim() !== '',
    found: providers.length,
    accounts: accounts.map((account) => ({ ...account, roleLabel: t(`admin.roles.${account.role}`), options: providers.map((p) => ({ ...p, selected: p.id === account.provider_id })) })),
  });
}

async function linkAccount(deps: AdminDeps, request: Request, response: Response): Promise<void> {
  await linkAccountToProvider(deps, signedInUser(response), idParam(request), request.body?.providerId);
  response.redirect(303, '/admin/accounts');
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
  router.get('/admin/accounts', requireRole('admin'), (request, response) => showAccounts(deps.db, request, response));
  router.post('/admin/accounts/:id/provider', requireRole('admin'), csrfProtection, (request, response) => linkAccount(deps, request, response));
  router.get('/admin/audit', requireRole('admin'), (request, response) => showAudit(deps.db, request, response));
  return router;
}
