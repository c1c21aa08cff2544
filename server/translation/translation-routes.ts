import { Router, type Request, type Response } from 'express';
import type { User } from '../accounts/account-repository.ts';
import { actorOf } from '../audit/audit-log.ts';
import { findOfferForStaffEdit } from '../admin/offer-admin-service.ts';
import { ConflictError, ValidationError } from '../errors/app-errors.ts';
import { idParam } from '../moderation/moderation-routes.ts';
import type { Offer } from '../offers/offer-types.ts';
import { findOwnOffer } from '../submissions/submission-service.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { readTranslationBatch, requestMachineTranslations, type TranslationServiceDeps } from './translation-service.ts';
import { toTranslationProgress } from './translation-view-mapper.ts';

export type TranslationRouteDeps = TranslationServiceDeps & { taxonomy: Taxonomy };

/** Staff reach every offer; a provider only its own (anything else is "not found"). */
interface Area {
  base: string;
  guard: ReturnType<typeof requireRole>[];
  findOffer: (deps: TranslationRouteDeps, user: User, id: number) => Promise<Offer>;
}

const AREAS: Area[] = [
  { base: '/admin/offers', guard: [], findOffer: async (deps, _user, id) => (await findOfferForStaffEdit(deps, id)).offer },
  { base: '/account/offers', guard: [requireRole('provider')], findOffer: (deps, user, id) => findOwnOffer({ ...deps, notifySearch: () => undefined }, user, id) },
];

/** Seconds between reloads of a progress page that is still waiting: it works without JavaScript. */
const REFRESH_SECONDS = 2;

async function requestTranslation(deps: TranslationRouteDeps, area: Area, request: Request, response: Response): Promise<void> {
  const user = signedInUser(response);
  const offer = await area.findOffer(deps, user, idParam(request));
  try {
    const batch = await requestMachineTranslations(deps, offer, request.body?.locales, actorOf(user));
    response.redirect(303, `${area.base}/${offer.id}/translations/${batch}`);
  } catch (error) {
    if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
    const key = error instanceof ValidationError ? (error.fields.locales ?? 'errors.validation') : error.messageKey;
    response.status(error.status).render('translation-progress', { title: response.locals.t('translation.progress.title'), offer, message: response.locals.t(key), back: `${area.base}/${offer.id}/edit` });
  }
}

async function showProgress(deps: TranslationRouteDeps, area: Area, request: Request, response: Response): Promise<void> {
  const offer = await area.findOffer(deps, signedInUser(response), idParam(request));
  const states = await readTranslationBatch(deps, offer.id, String(request.params.batch));
  const t = response.locals.t;
  if (states.length === 0) {
    response.status(404).render('translation-progress', { title: t('translation.progress.title'), offer, message: t('translation.progress.unknown'), back: `${area.base}/${offer.id}/edit` });
    return;
  }
  const progress = toTranslationProgress(states, { taxonomy: deps.taxonomy, locale: String(response.locals.lang), t });
  response.render('translation-progress', {
    title: t('translation.progress.title'),
    offer,
    progress,
    summary: progress.finished ? t('translation.progress.summary', { made: progress.made, failed: progress.failed }) : t('translation.progress.working'),
    refreshSeconds: progress.finished ? null : REFRESH_SECONDS,
    back: `${area.base}/${offer.id}/edit`,
    publicUrl: offer.status === 'published' ? `/offers/${offer.slug}` : null,
  });
}

/**
 * "Maschinell übersetzen" for staff (behind the /admin guard where it is
 * mounted) and for providers: queue a batch, then watch its progress.
 */
export function createTranslationRouter(deps: TranslationRouteDeps): Router {
  const router = Router();
  for (const area of AREAS) {
    router.post(`${area.base}/:id/translate`, csrfProtection, ...area.guard, (request, response) => requestTranslation(deps, area, request, response));
    router.get(`${area.base}/:id/translations/:batch`, ...area.guard, (request, response) => showProgress(deps, area, request, response));
  }
  return router;
}
