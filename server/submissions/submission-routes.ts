import { Router, type Response } from 'express';
import type { User } from '../accounts/account-repository.ts';
import { ForbiddenError, ValidationError } from '../errors/app-errors.ts';
import type { OfferServiceDeps } from '../offers/offer-service.ts';
import type { Location, Offer, OfferInput } from '../offers/offer-types.ts';
import type { Region } from '../region/region-config.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { toOfferFormProblems, type OfferFormProblems } from './offer-form-errors.ts';
import { emptyOfferForm, toOfferFormInput, toOfferFormValues, type OfferFormInput } from './offer-form-mapper.ts';
import type { MachineTranslation } from '../translation/translation-service.ts';
import { toTranslationPanel } from '../translation/translation-view-mapper.ts';
import { createOwnDraft, findOwnOfferForEditing, listOwnLocations, saveOwnOffer, submitOwnOffer } from './submission-service.ts';


/** Notices a redirect may ask for; anything else in ?notice= is ignored. */
const EDIT_NOTICES = new Set(['created', 'saved', 'revisionSaved']);

export interface FormPage {
  locations: Location[];
  /** Where the form posts to; the provider's own address by default. */
  action?: string;
  /** Staff editing before approval: no "send for checking" part. */
  staff?: boolean;
  /** The form offers a new address in this region (providers only; staff add places under /admin/providers). */
  region?: Region;
  source: Offer | OfferInput | OfferFormInput;
  /** The offer being edited; none for a new one. */
  offer?: Offer;
  hasPendingRevision?: boolean;
  problems?: OfferFormProblems;
  notice?: string;
  /** The "Maschinell übersetzen" box (translation-view-mapper.ts); only on the edit page of an existing offer. */
  translation?: ReturnType<typeof toTranslationPanel>;
}

/** Notes above the form that say what saving does to an offer in this state. */
function statusNotes(offer: Offer, hasPendingRevision: boolean): string[] {
  if (offer.status === 'published') return hasPendingRevision ? ['published', 'pendingRevision'] : ['published'];
  return offer.status === 'draft' ? [] : [offer.status];
}

export function renderForm(response: Response, taxonomy: OfferServiceDeps['taxonomy'], page: FormPage, status = 200): void {
  const t = response.locals.t;
  const { offer, problems } = page;
  const ctx = { taxonomy, locale: String(response.locals.lang), locations: page.locations, region: page.region, t };
  response.status(status).render('account/offer-form', {
    title: t(offer ? 'offerForm.editTitle' : 'offerForm.newTitle'),
    action: page.action ?? (offer ? `/account/offers/${offer.id}` : '/account/offers'),
    offer: offer ? { id: offer.id, status: offer.status, statusLabel: t(`offer.status.${offer.status}`), url: offer.status === 'published' ? `/offers/${offer.slug}` : null } : null,
    notes: offer ? statusNotes(offer, page.hasPendingRevision ?? false).map((key) => t(`offerForm.notes.${key}`)) : [],
    archived: offer?.status === 'archived',
    canSubmit: !page.staff && (offer?.status === 'draft' || offer?.status === 'rejected'),
    notice: page.notice ? t(`offerForm.notice.${page.notice}`) : null,
    form: toOfferFormValues(page.source, ctx, problems),
    errors: problems?.messages ?? {},
    errorSummary: problems?.summary ?? [],
    usesMap: page.region !== undefined,
    translation: page.translation ?? null,
    scripts: page.region ? ['/static/js/offer-form.js', '/static/js/location-picker.js'] : ['/static/js/offer-form.js'],
  });
}

/** Accounts that are not linked to an organisation get an explanation instead of a form. */
function renderNotLinked(response: Response): void {
  const t = response.locals.t;
  response.status(403).render('account/offer-not-linked', { title: t('offerForm.notLinked.title') });
}

function linkedUser(response: Response): User | undefined {
  const user = signedInUser(response);
  if (user.providerId !== null) return user;
  renderNotLinked(response);
  return undefined;
}

function offerId(value: unknown): number {
  return /^\d{1,10}$/.test(String(value)) ? Number(value) : Number.NaN;
}

/** The service refuses archived offers with a key of its own; the form has a sentence for it. */
function translateRefusal(error: unknown): unknown {
  return error instanceof ForbiddenError && error.messageKey === 'submission.archived' ? new ForbiddenError('offerForm.notes.archived') : error;
}

/** Routes for providers to create, edit and submit offers of their own organisation. */
export function createSubmissionRouter(deps: OfferServiceDeps & { region: Region; translation?: MachineTranslation }): Router {
  const router = Router();
  const { region } = deps;
  const problemsOf = (response: Response, error: ValidationError, input: OfferFormInput, locations: Location[]) =>
    toOfferFormProblems(error, input, { taxonomy: deps.taxonomy, locale: String(response.locals.lang), locations, region }, response.locals.t);
  const newPlace = (input: OfferFormInput) => ({ form: input.place, region });

  router.get('/account/offers/new', requireRole('provider'), async (_request, response) => {
    const user = linkedUser(response);
    if (!user) return;
    const locations = await listOwnLocations(deps, user);
    renderForm(response, deps.taxonomy, { locations, source: emptyOfferForm(locations), region });
  });

  router.post('/account/offers', csrfProtection, requireRole('provider'), async (request, response) => {
    const user = linkedUser(response);
    if (!user) return;
    const input = toOfferFormInput(request.body);
    try {
      const offer = await createOwnDraft(deps, user, { ...input }, newPlace(input));
      response.redirect(303, `/account/offers/${offer.id}/edit?notice=created`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const locations = await listOwnLocations(deps, user);
      renderForm(response, deps.taxonomy, { locations, source: input, region, problems: problemsOf(response, error, input, locations) }, 400);
    }
  });

  router.get('/account/offers/:id/edit', requireRole('provider'), async (request, response) => {
    const user = linkedUser(response);
    if (!user) return;
    const { offer, proposal, locations } = await findOwnOfferForEditing(deps, user, offerId(request.params.id));
    const notice = typeof request.query.notice === 'string' && EDIT_NOTICES.has(request.query.notice) ? request.query.notice : undefined;
    const ctx = { taxonomy: deps.taxonomy, locale: String(response.locals.lang), t: response.locals.t };
    const translation = toTranslationPanel(deps.translation?.config ?? null, offer, `/account/offers/${offer.id}/translate`, ctx);
    renderForm(response, deps.taxonomy, { offer, locations, source: proposal ?? offer, hasPendingRevision: proposal !== null, notice, region, translation });
  });

  router.post('/account/offers/:id', csrfProtection, requireRole('provider'), async (request, response) => {
    const user = linkedUser(response);
    if (!user) return;
    const input = toOfferFormInput(request.body);
    try {
      const { revisionId } = await saveOwnOffer(deps, user, offerId(request.params.id), { ...input }, newPlace(input));
      response.redirect(303, `/account/offers/${offerId(request.params.id)}/edit?notice=${revisionId === null ? 'saved' : 'revisionSaved'}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw translateRefusal(error);
      const { offer, proposal, locations } = await findOwnOfferForEditing(deps, user, offerId(request.params.id));
      renderForm(response, deps.taxonomy, { offer, locations, source: input, hasPendingRevision: proposal !== null, region, problems: problemsOf(response, error, input, locations) }, 400);
    }
  });

  router.post('/account/offers/:id/submit', csrfProtection, requireRole('provider'), async (request, response) => {
    const user = linkedUser(response);
    if (!user) return;
    const offer = await submitOwnOffer(deps, user, offerId(request.params.id));
    response.redirect(303, offer.status === 'pending' ? '/account?notice=submitted' : '/account');
  });

  return router;
}
