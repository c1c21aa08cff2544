import { Router, type Request, type Response } from 'express';
import { ConflictError } from '../errors/app-errors.ts';
import { idParam } from '../moderation/moderation-routes.ts';
import { signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { confirmOnBehalf, listOverdueForStaff, OVERDUE_KINDS, remindAgain, type OverdueKind } from './freshness-admin-service.ts';
import type { FreshnessDeps } from './freshness-service.ts';

function parseFilter(request: Request) {
  const kind = String(request.query.kind ?? 'all');
  const page = Number(request.query.page);
  return {
    kind: (OVERDUE_KINDS as readonly string[]).includes(kind) ? (kind as OverdueKind) : 'all',
    text: String(request.query.q ?? '').slice(0, 200),
    page: Number.isInteger(page) && page > 0 && page < 10_000 ? page : 1,
  };
}

async function showOverdue(deps: FreshnessDeps, request: Request, response: Response): Promise<void> {
  const filter = parseFilter(request);
  const { rows, total, pages } = await listOverdueForStaff(deps, filter);
  const t = response.locals.t;
  const link = (page: number) => `/admin/freshness?${new URLSearchParams({ kind: filter.kind, q: filter.text, page: String(page) })}`;
  response.render('admin/freshness', {
    title: t('freshness.adminTitle'),
    filter,
    total,
    kinds: OVERDUE_KINDS.map((kind) => ({ value: kind, label: t(`freshness.kinds.${kind}`), selected: kind === filter.kind })),
    offers: rows.map((row) => ({
      ...row,
      statusLabel: t(`offer.status.${row.status}`),
      lastChecked: String(row.last_confirmed).slice(0, 10),
      reminded: row.reminder_sent_at ? String(row.reminder_sent_at).slice(0, 10) : null,
      public: row.status === 'published',
    })),
    back: link(filter.page),
    previous: filter.page > 1 ? link(filter.page - 1) : null,
    next: filter.page < pages ? link(filter.page + 1) : null,
    page: filter.page,
    pages,
  });
}

/** A freshness action answers with the list again (where staff were); an offer no longer overdue explains itself. */
function action(deps: FreshnessDeps, run: (deps: FreshnessDeps, staff: ReturnType<typeof signedInUser>, id: number) => Promise<void>) {
  return async (request: Request, response: Response) => {
    try {
      await run(deps, signedInUser(response), idParam(request));
      const back = String(request.body?.back ?? '');
      response.redirect(303, back.startsWith('/admin/freshness') ? back : '/admin/freshness');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      response.status(409).render('admin/message', { title: response.locals.t('freshness.adminTitle'), text: response.locals.t(error.messageKey), back: '/admin/freshness' });
    }
  };
}

/** Offers overdue for a confirmation and what staff do about them; mounted behind the /admin guard. */
export function createFreshnessAdminRouter(deps: FreshnessDeps): Router {
  const router = Router();
  router.get('/admin/freshness', (request, response) => showOverdue(deps, request, response));
  router.post('/admin/freshness/:id/remind', csrfProtection, action(deps, remindAgain));
  router.post('/admin/freshness/:id/confirm', csrfProtection, action(deps, confirmOnBehalf));
  return router;
}
