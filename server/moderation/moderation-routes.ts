import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { toOfferView } from '../offers/offer-view-mapper.ts';
import { signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { viewContext } from '../web/view-context.ts';
import { decodeShown } from './moderation-diff.ts';
import { findOfferForReview, findRevisionForReview, listModerationQueue } from './moderation-queue.ts';
import { approveOffer, approveRevision, rejectOffer, rejectRevision, ReviewOutdatedError, type ModerationDeps } from './moderation-service.ts';
import { toDiffRows } from './revision-diff-view.ts';
import { decisionFields, sinceShownRows, toReviewFacts, toReviewPlaces } from './review-page.ts';

/** Mailed links come from `links` (built from configuration), never from the request's Host header. */
export type ModerationRouteDeps = ModerationDeps;

export function idParam(request: Request): number {
  const id = Number(request.params.id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

/** The version number the review form carried; a form without one names no version and is refused as outdated. */
function shownVersion(request: Request): number {
  const version = Number(request.body?.version);
  return Number.isInteger(version) ? version : -1;
}

/** Whole days an item has been waiting, for "oldest first" at a glance. */
function daysWaiting(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 86_400_000));
}

const reviewContext = (response: Response, deps: ModerationRouteDeps) => ({ taxonomy: deps.taxonomy, locale: response.locals.lang, t: response.locals.t });

async function renderQueue(deps: ModerationRouteDeps, response: Response): Promise<void> {
  const now = deps.clock();
  const items = (await listModerationQueue(deps)).map((item) => ({
    kind: item.kind,
    title: item.offer.title,
    provider: item.offer.provider.name,
    days: daysWaiting(item.waitingSince, now),
    url: item.kind === 'offer' ? `/admin/moderation/offers/${item.offer.id}` : `/admin/moderation/revisions/${item.revision.id}`,
    withoutAccount: item.kind === 'offer' ? item.withoutAccount : null,
    unverifiedProvider: item.kind === 'offer' && item.unverifiedProvider,
  }));
  response.render('admin/moderation', { title: response.locals.t('moderation.title'), items });
}

/** The review page of a new offer: every field, its places on a map, and the decision forms carrying the version shown. */
async function renderOfferReview(deps: ModerationRouteDeps, response: Response, id: number, refused?: { shown: unknown }): Promise<void> {
  const review = await findOfferForReview(deps, id);
  const ctx = reviewContext(response, deps);
  response.status(refused ? 409 : 200).render('admin/review-offer', {
    title: review.offer.title,
    offer: toOfferView(review.offer, viewContext(response, deps.taxonomy)),
    offerId: review.offer.id,
    facts: toReviewFacts(review.shown, review.places, ctx),
    places: toReviewPlaces(review.offer.locations),
    withoutAccount: review.withoutAccount,
    unverifiedProvider: review.unverifiedProvider,
    decision: decisionFields(review.version, review.shown),
    refused: refused ? { changes: sinceShownRows(decodeShown(refused.shown), review.shown, review.places, ctx) } : null,
    usesMap: true,
    scripts: ['/static/js/offer.js'],
  });
}

/** The review page of a proposed change: the field-by-field diff and the decision forms carrying the version shown. */
async function renderRevisionReview(deps: ModerationRouteDeps, response: Response, id: number, refused?: { shown: unknown }): Promise<void> {
  const review = await findRevisionForReview(deps, id);
  const ctx = reviewContext(response, deps);
  response.status(refused ? 409 : 200).render('admin/review-revision', {
    title: review.offer.title,
    offerTitle: review.offer.title,
    offerUrl: `/offers/${review.offer.slug}`,
    changes: toDiffRows(review.changes, { ...ctx, places: review.places }),
    revisionId: review.revision.id,
    decision: decisionFields(review.version, review.shown),
    refused: refused ? { changes: sinceShownRows(decodeShown(refused.shown), review.shown, review.places, ctx) } : null,
  });
}

type Decision = (deps: ModerationDeps, request: Request, response: Response) => Promise<void>;

/**
 * A decision handler: on success back to the queue; a version that changed since
 * the page was shown brings the page back with what changed; a missing reason explains itself.
 */
function decide(deps: ModerationRouteDeps, kind: 'offers' | 'revisions', action: Decision) {
  return async (request: Request, response: Response) => {
    try {
      await action(deps, request, response);
      response.redirect(303, '/admin/moderation');
    } catch (error) {
      if (error instanceof ReviewOutdatedError) {
        const render = kind === 'offers' ? renderOfferReview : renderRevisionReview;
        await render(deps, response, idParam(request), { shown: request.body?.shown });
        return;
      }
      if (!(error instanceof ValidationError)) throw error;
      const t = response.locals.t;
      response.status(400).render('admin/message', { title: t('moderation.title'), text: t(error.fields.reason ?? 'errors.validation'), back: request.get('referer') ?? '/admin/moderation' });
    }
  };
}

const approveOfferAction: Decision = (deps, request, response) => approveOffer(deps, signedInUser(response), idParam(request), shownVersion(request));
const rejectOfferAction: Decision = (deps, request, response) => rejectOffer(deps, signedInUser(response), idParam(request), shownVersion(request), request.body?.reason);
const approveRevisionAction: Decision = (deps, request, response) => approveRevision(deps, signedInUser(response), idParam(request), shownVersion(request));
const rejectRevisionAction: Decision = (deps, request, response) => rejectRevision(deps, signedInUser(response), idParam(request), shownVersion(request), request.body?.reason);

/** The moderation queue and its decisions; mounted behind the /admin guard. */
export function createModerationRouter(deps: ModerationRouteDeps): Router {
  const router = Router();
  router.get('/admin/moderation', (_request, response) => renderQueue(deps, response));
  router.get('/admin/moderation/offers/:id', (request, response) => renderOfferReview(deps, response, idParam(request)));
  router.get('/admin/moderation/revisions/:id', (request, response) => renderRevisionReview(deps, response, idParam(request)));
  router.post('/admin/moderation/offers/:id/approve', csrfProtection, decide(deps, 'offers', approveOfferAction));
  router.post('/admin/moderation/offers/:id/reject', csrfProtection, decide(deps, 'offers', rejectOfferAction));
  router.post('/admin/moderation/revisions/:id/approve', csrfProtection, decide(deps, 'revisions', approveRevisionAction));
  router.post('/admin/moderation/revisions/:id/reject', csrfProtection, decide(deps, 'revisions', rejectRevisionAction));
  return router;
}
