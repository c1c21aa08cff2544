import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { UI_LOCALES } from './taxonomy.ts';
import { addTerm, deleteTerm, isEditable, saveLabels, type EditableVocabulary, type TaxonomyAdminDeps } from './taxonomy-admin-service.ts';


function vocabularyOf(request: Request): EditableVocabulary {
  const vocabulary = String(request.params.vocabulary);
  if (!isEditable(vocabulary)) throw new NotFoundError();
  return vocabulary;
}

export function createTaxonomyAdminRouter(deps: TaxonomyAdminDeps): Router {
  const router = Router();
  const t = (response: Response) => response.locals.t;
  const staff = (response: Response) => signedInUser(response);
  router.use('/admin/taxonomy', requireRole('admin'));

  const render = (response: Response, vocabulary: EditableVocabulary, extra: Record<string, unknown> = {}) => {
    const terms = deps.taxonomy.terms(vocabulary).map((term) => ({
      slug: term.slug,
      child: term.parent !== null,
      labels: UI_LOCALES.map((locale) => ({ locale, value: term.labels[locale] ?? '' })),
    }));
    response.render('admin/taxonomy', {
      title: t(response)(`taxonomyAdmin.${vocabulary}`),
      vocabulary,
      terms: vocabulary === 'category'
        ? deps.taxonomy.topCategories().flatMap((top) => [terms.find((term) => term.slug === top.slug)!, ...terms.filter((term) => deps.taxonomy.get('category', term.slug)?.parent === top.slug)])
        : terms,
      parents: vocabulary === 'category' ? deps.taxonomy.topCategories().map((top) => ({ slug: top.slug, label: deps.taxonomy.label('category', top.slug, response.locals.lang) })) : [],
      locales: UI_LOCALES,
      ...extra,
    });
  };
  const withErrors = async (response: Response, vocabulary: EditableVocabulary, action: () => Promise<void>) => {
    try {
      await action();
      response.redirect(303, `/admin/taxonomy/${vocabulary}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      response.status(400);
      render(response, vocabulary, { formError: Object.values(error.fields).map((key) => t(response)(key)).join(' ') });
    }
  };

  router.get('/admin/taxonomy/:vocabulary', (request, response) => render(response, vocabularyOf(request)));
  router.post('/admin/taxonomy/:vocabulary', csrfProtection, (request, response) =>
    withErrors(response, vocabularyOf(request), () => addTerm(deps, staff(response), vocabularyOf(request), request.body ?? {})),
  );
  router.post('/admin/taxonomy/:vocabulary/:slug', csrfProtection, (request, response) =>
    withErrors(response, vocabularyOf(request), () => saveLabels(deps, staff(response), vocabularyOf(request), String(request.params.slug), request.body ?? {})),
  );
  router.post('/admin/taxonomy/:vocabulary/:slug/delete', csrfProtection, async (request, response) => {
    await deleteTerm(deps, staff(response), vocabularyOf(request), String(request.params.slug));
    response.redirect(303, `/admin/taxonomy/${vocabularyOf(request)}`);
  });
  return router;
}
