import { Router, type Request, type Response } from 'express';
import type { User } from '../accounts/account-repository.ts';
import { listAudit, recordAudit } from '../audit/audit-log.ts';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import {
  approveOffer,
  approveRevision,
  editPendingOffer,
  editRevision,
  findOfferForReview,
  findRevisionForReview,
  listModerationQueue,
  rejectOffer,
  rejectRevision,
  type ModerationDeps,
} from '../moderation/moderation-service.ts';
import { toDiffRows } from '../moderation/revision-diff-view.ts';
import { listLocationsOfProvider } from '../providers/provider-repository.ts';
import { toOfferFormProblems } from '../submissions/offer-form-errors.ts';
import { toOfferFormInput } from '../submissions/offer-form-mapper.ts';
import { renderForm } from '../submissions/submission-routes.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { toOfferView } from '../offers/offer-view-mapper.ts';
import { findRevision } from '../submissions/revision-repository.ts';
import { actorOf } from '../submissions/submission-service.ts';
import { requireRole } from '../web/current-user.ts';
import { csrfProtection, provideCsrfToken } from '../web/session.ts';
import { viewContext } from '../web/view-context.ts';

type Deps = ModerationDeps;

function idParam(request: Request): number {
  const id = Number(request.params.id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

/** Whole days an item has been waiting, for "oldest first" at a glance. */
function daysWaiting(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 86_400_000));
}

export function createAdminRouter(deps: Deps): Router {
  const router = Router();
  const moderation = (_request: Request): ModerationDeps => deps;
  const staff = (response: Response) => response.locals.user as User;
  const t = (response: Response) => response.locals.t as (key: string, values?: Record<string, unknown>) => string;

  router.use('/admin', requireRole('editor'), provideCsrfToken);

  router.get('/admin', async (_request, response) => {
    const queue = await listModerationQueue(deps);
    const unlinked = await deps.db('users').where({ role: 'provider' }).whereNull('provider_id').whereNotNull('email_verified_at').count({ n: '*' }).first();
    response.render('admin/overview', { title: t(response)('admin.title'), queueLength: queue.length, unlinked: Number(unlinked?.n ?? 0) });
  });

  router.get('/admin/moderation', async (_request, response) => {
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
    response.render('admin/moderation', { title: t(response)('moderation.title'), items });
  });

  router.get('/admin/moderation/offers/:id', async (request, response) => {
    const { offer, withoutAccount, unverifiedProvider } = await findOfferForReview(deps, idParam(request));
    response.render('admin/review-offer', { title: offer.title, offer: toOfferView(offer, viewContext(response, deps.taxonomy)), offerId: offer.id, withoutAccount, unverifiedProvider });
  });

  router.get('/admin/moderation/revisions/:id', async (request, response) => {
    const { revision, offer, changes, places } = await findRevisionForReview(deps, idParam(request));
    const rows = toDiffRows(changes, { taxonomy: deps.taxonomy, locale: String(response.locals.lang), t: t(response), places });
    response.render('admin/review-revision', { title: offer.title, offerTitle: offer.title, offerUrl: `/offers/${offer.slug}`, changes: rows, revisionId: revision.id });
  });

  const decide = (path: string, action: (request: Request, response: Response) => Promise<void>) =>
    router.post(path, csrfProtection, async (request, response) => {
      try {
        await action(request, response);
        response.redirect(303, '/admin/moderation');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        response.status(400).render('admin/message', { title: t(response)('moderation.title'), text: t(response)(error.fields.reason ?? 'errors.validation'), back: request.get('referer') ?? '/admin/moderation' });
      }
    });
  decide('/admin/moderation/offers/:id/approve', (request, response) => approveOffer(moderation(request), staff(response), idParam(request)));
  decide('/admin/moderation/offers/:id/reject', (request, response) => rejectOffer(moderation(request), staff(response), idParam(request), request.body?.reason));
  decide('/admin/moderation/revisions/:id/approve', (request, response) => approveRevision(moderation(request), staff(response), idParam(request)));
  decide('/admin/moderation/revisions/:id/reject', (request, response) => rejectRevision(moderation(request), staff(response), idParam(request), request.body?.reason));

  // Staff correct an offer or a proposed change in the same form providers use, then approve it.
  const editTarget = async (kind: 'offers' | 'revisions', id: number) => {
    if (kind === 'offers') {
      const [offer] = await findOffersByIds(deps.db, [id]);
      if (!offer || offer.status !== 'pending') throw new NotFoundError();
      return { offer, source: offer, back: `/admin/moderation/offers/${id}` };
    }
    const revision = await findRevision(deps.db, id);
    if (!revision || revision.status !== 'pending') throw new NotFoundError();
    const [offer] = await findOffersByIds(deps.db, [revision.offerId]);
    if (!offer) throw new NotFoundError();
    return { offer, source: revision.proposed, back: `/admin/moderation/revisions/${id}` };
  };
  for (const kind of ['offers', 'revisions'] as const) {
    router.get(`/admin/moderation/${kind}/:id/edit`, async (request, response) => {
      const target = await editTarget(kind, idParam(request));
      const locations = await listLocationsOfProvider(deps.db, target.offer.providerId);
      renderForm(response, deps.taxonomy, { locations, source: target.source, offer: target.offer, action: `${target.back}/edit`, staff: true });
    });
    router.post(`/admin/moderation/${kind}/:id/edit`, csrfProtection, async (request, response) => {
      const id = idParam(request);
      const target = await editTarget(kind, id);
      const input = toOfferFormInput(request.body);
      try {
        if (kind === 'offers') await editPendingOffer(deps, staff(response), id, input as unknown as Record<string, unknown>);
        else await editRevision(deps, staff(response), id, input as unknown as Record<string, unknown>);
        response.redirect(303, target.back);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const locations = await listLocationsOfProvider(deps.db, target.offer.providerId);
        const problems = toOfferFormProblems(error.fields, input, { taxonomy: deps.taxonomy, locale: String(response.locals.lang), locations }, t(response));
        renderForm(response, deps.taxonomy, { locations, source: input, offer: target.offer, action: `${target.back}/edit`, staff: true, problems }, 400);
      }
    });
  }

  router.get('/admin/accounts', requireRole('admin'), async (_request, response) => {
    const [accounts, providers] = await Promise.all([
      deps.db('users').leftJoin('providers', 'providers.id', 'users.provider_id').orderBy('users.created_at', 'desc').limit(500)
        .select('users.id', 'users.email', 'users.display_name', 'users.role', 'users.email_verified_at', 'users.provider_id', 'providers.name as provider_name'),
      deps.db('providers').orderBy('name').select('id', 'name'),
    ]);
    response.render('admin/accounts', {
      title: t(response)('admin.accounts.title'),
      accounts: accounts.map((account) => ({ ...account, roleLabel: t(response)(`admin.roles.${account.role}`), options: providers.map((p) => ({ ...p, selected: p.id === account.provider_id })) })),
    });
  });

  router.post('/admin/accounts/:id/provider', requireRole('admin'), csrfProtection, async (request, response) => {
    const id = idParam(request);
    const providerId = Number(request.body?.providerId);
    const provider = Number.isInteger(providerId) ? await deps.db('providers').where({ id: providerId }).first('id', 'name') : undefined;
    if (!provider) throw new ValidationError({ providerId: 'admin.accounts.unknownProvider' });
    await deps.db.transaction(async (trx) => {
      const changed = await trx('users').where({ id, role: 'provider' }).update({ provider_id: provider.id, updated_at: deps.clock().toISOString() });
      if (changed === 0) throw new NotFoundError();
      await recordAudit(trx, { actor: actorOf(staff(response)), action: 'link-provider', entity: 'user', entityId: id, details: { providerId: provider.id }, now: deps.clock() });
    });
    response.redirect(303, '/admin/accounts');
  });

  router.get('/admin/audit', requireRole('admin'), async (_request, response) => {
    const entries = await listAudit(deps.db, { limit: 200 });
    response.render('admin/audit', { title: t(response)('admin.audit.title'), entries });
  });
  return router;
}
