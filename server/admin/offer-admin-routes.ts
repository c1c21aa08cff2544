import { Router, type Request, type Response } from 'express';
import { ConflictError, ValidationError } from '../errors/app-errors.ts';
import { idParam } from '../moderation/moderation-routes.ts';
import { OFFER_STATUSES, type OfferStatus } from '../offers/offer-types.ts';
import { toOfferFormProblems } from '../submissions/offer-form-errors.ts';
import { toOfferFormInput } from '../submissions/offer-form-mapper.ts';
import { renderForm } from '../submissions/submission-routes.ts';
import { signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import type { MachineTranslation } from '../translation/translation-service.ts';
import { toTranslationPanel } from '../translation/translation-view-mapper.ts';
import {
  archiveOfferAsStaff,
  editOfferAsStaff,
  findOfferForStaffEdit,
  listOffersForStaff,
  restoreOfferAsStaff,
  type OfferAdminDeps,
} from './offer-admin-service.ts';

/** The list's filter from the query string; anything unknown falls back to "all". */
function parseFilter(request: Request) {
  const status = String(request.query.status ?? '');
  const page = Number(request.query.page);
  return {
    text: String(request.query.q ?? '').slice(0, 200),
    status: (OFFER_STATUSES as readonly string[]).includes(status) ? (status as OfferStatus) : ('' as const),
    page: Number.isInteger(page) && page > 0 && page < 10_000 ? page : 1,
  };
}

async function showList(deps: OfferAdminDeps, request: Request, response: Response): Promise<void> {
  const filter = parseFilter(request);
  const { rows, total, pages } = await listOffersForStaff(deps, filter);
  const t = response.locals.t;
  const link = (page: number) => `/admin/offers?${new URLSearchParams({ q: filter.text, status: filter.status, page: String(page) })}`;
  response.render('admin/offers', {
    title: t('staffOffers.title'),
    filter,
    total,
    statuses: OFFER_STATUSES.map((status) => ({ value: status, label: t(`offer.status.${status}`), selected: status === filter.status })),
    offers: rows.map((row) => ({ ...row, statusLabel: t(`offer.status.${row.status}`), public: row.status === 'published', canArchive: row.status !== 'archived', canRestore: row.status === 'archived' || row.status === 'expired' })),
    previous: filter.page > 1 ? link(filter.page - 1) : null,
    next: filter.page < pages ? link(filter.page + 1) : null,
    page: filter.page,
    pages,
  });
}

async function showEditForm(deps: OfferAdminDeps & { translation?: MachineTranslation }, request: Request, response: Response): Promise<void> {
  const { offer, locations } = await findOfferForStaffEdit(deps, idParam(request));
  const ctx = { taxonomy: deps.taxonomy, locale: String(response.locals.lang), t: response.locals.t };
  const translation = toTranslationPanel(deps.translation?.config ?? null, offer, `/admin/offers/${offer.id}/translate`, ctx);
  renderForm(response, deps.taxonomy, { locations, source: offer, offer, action: `/admin/offers/${offer.id}/edit`, staff: true, translation });
}

async function saveEdit(deps: OfferAdminDeps, request: Request, response: Response): Promise<void> {
  const id = idParam(request);
  const { offer, locations } = await findOfferForStaffEdit(deps, id);
  const input = toOfferFormInput(request.body);
  try {
    await editOfferAsStaff(deps, signedInUser(response), id, input as unknown as Record<string, unknown>);
    response.redirect(303, `/admin/offers?q=${encodeURIComponent(offer.title)}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const problems = toOfferFormProblems(error, input, { taxonomy: deps.taxonomy, locale: response.locals.lang, locations }, response.locals.t);
    renderForm(response, deps.taxonomy, { locations, source: input, offer, action: `/admin/offers/${id}/edit`, staff: true, problems }, 400);
  }
}

/** Archive and restore answer with the list again; a missing reason or a state that does not fit explains itself. */
function statusAction(action: (deps: OfferAdminDeps, request: Request, response: Response) => Promise<void>, deps: OfferAdminDeps) {
  return async (request: Request, response: Response) => {
    try {
      await action(deps, request, response);
      response.redirect(303, String(request.body?.back ?? '').startsWith('/admin/') ? String(request.body.back) : '/admin/offers');
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
      const key = error instanceof ValidationError ? (error.fields.reason ?? 'errors.validation') : error.messageKey;
      response.status(error.status).render('admin/message', { title: response.locals.t('staffOffers.title'), text: response.locals.t(key), back: '/admin/offers' });
    }
  };
}

const archive = (deps: OfferAdminDeps, request: Request, response: Response) => archiveOfferAsStaff(deps, signedInUser(response), idParam(request), request.body?.reason);
const restore = (deps: OfferAdminDeps, request: Request, response: Response) => restoreOfferAsStaff(deps, signedInUser(response), idParam(request));

/** Staff find any offer and change, archive or restore it directly; mounted behind the /admin guard. */
export function createOfferAdminRouter(deps: OfferAdminDeps & { translation?: MachineTranslation }): Router {
  const router = Router();
  router.get('/admin/offers', (request, response) => showList(deps, request, response));
  router.get('/admin/offers/:id/edit', (request, response) => showEditForm(deps, request, response));
  router.post('/admin/offers/:id/edit', csrfProtection, (request, response) => saveEdit(deps, request, response));
  router.post('/admin/offers/:id/archive', csrfProtection, statusAction(archive, deps));
  router.post('/admin/offers/:id/restore', csrfProtection, statusAction(restore, deps));
  return router;
}
