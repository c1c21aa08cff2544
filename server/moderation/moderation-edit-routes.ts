import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../errors/app-errors.ts';
import { toOfferFormProblems } from '../submissions/offer-form-errors.ts';
import { toOfferFormInput } from '../submissions/offer-form-mapper.ts';
import { renderForm } from '../submissions/submission-routes.ts';
import { signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import type { MachineTranslation } from '../translation/translation-service.ts';
import { toTranslationPanel } from '../translation/translation-view-mapper.ts';
import { findEditTarget } from './moderation-queue.ts';
import { idParam, type ModerationRouteDeps } from './moderation-routes.ts';
import { editPendingOffer, editRevision } from './moderation-service.ts';

type Kind = 'offers' | 'revisions';

type EditDeps = ModerationRouteDeps & { translation?: MachineTranslation };

async function showEditForm(deps: EditDeps, kind: Kind, request: Request, response: Response): Promise<void> {
  const target = await findEditTarget(deps, kind, idParam(request));
  // A new offer can be translated before it is approved; a proposed change only after, from the offer's own page.
  const ctx = { taxonomy: deps.taxonomy, locale: String(response.locals.lang), t: response.locals.t };
  const translation = kind === 'offers' ? toTranslationPanel(deps.translation?.config ?? null, target.offer, `/admin/offers/${target.offer.id}/translate`, ctx) : undefined;
  renderForm(response, deps.taxonomy, { locations: target.locations, source: target.source, offer: target.offer, action: `${target.back}/edit`, staff: true, translation });
}

/** Staff correct an offer or a proposed change in the form providers use; a refused form comes back with its problems. */
async function saveEdit(deps: ModerationRouteDeps, kind: Kind, request: Request, response: Response): Promise<void> {
  const id = idParam(request);
  const target = await findEditTarget(deps, kind, id);
  const input = toOfferFormInput(request.body);
  try {
    const save = kind === 'offers' ? editPendingOffer : editRevision;
    await save(deps, signedInUser(response), id, input as unknown as Record<string, unknown>);
    response.redirect(303, target.back);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const problems = toOfferFormProblems(error, input, { taxonomy: deps.taxonomy, locale: response.locals.lang, locations: target.locations }, response.locals.t);
    renderForm(response, deps.taxonomy, { locations: target.locations, source: input, offer: target.offer, action: `${target.back}/edit`, staff: true, problems }, 400);
  }
}

/** Corrections before a decision; mounted behind the /admin guard. */
export function createModerationEditRouter(deps: EditDeps): Router {
  const router = Router();
  router.get('/admin/moderation/offers/:id/edit', (request, response) => showEditForm(deps, 'offers', request, response));
  router.post('/admin/moderation/offers/:id/edit', csrfProtection, (request, response) => saveEdit(deps, 'offers', request, response));
  router.get('/admin/moderation/revisions/:id/edit', (request, response) => showEditForm(deps, 'revisions', request, response));
  router.post('/admin/moderation/revisions/:id/edit', csrfProtection, (request, response) => saveEdit(deps, 'revisions', request, response));
  return router;
}
