import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { UI_LOCALES } from './taxonomy.ts';
import { addTerm, countOffersPerTerm, deleteTerm, EDITABLE, isEditable, saveLabels, type EditableVocabulary, type TaxonomyAdminDeps } from './taxonomy-admin-service.ts';
import { buildTaxonomyList, buildTermForm } from './taxonomy-admin-view.ts';

function vocabularyOf(request: Request): EditableVocabulary {
  const vocabulary = String(request.params.vocabulary);
  if (!isEditable(vocabulary)) throw new NotFoundError();
  return vocabulary;
}

/** The search text from ?q= (a repeated q counts with its first value). */
function queryOf(request: Request): string {
  const value = Array.isArray(request.query.q) ? request.query.q[0] : request.query.q;
  return typeof value === 'string' ? value.trim().slice(0, 100) : '';
}

function termUrl(vocabulary: EditableVocabulary, slug: string, query: string, extra = ''): string {
  const params = new URLSearchParams(query ? { q: query } : {});
  if (extra) params.set(extra, '1');
  const search = params.toString();
  return `/admin/taxonomy/${vocabulary}/${slug}${search ? `?${search}` : ''}`;
}

/**
 * Topics and target groups, one term at a time: a list grouped by topic with a
 * search box (a plain GET form), and a page per term to edit its labels.
 */
export function createTaxonomyAdminRouter(deps: TaxonomyAdminDeps): Router {
  const router = Router();
  const staff = (response: Response) => signedInUser(response);
  router.use('/admin/taxonomy', requireRole('admin'));

  const render = async (request: Request, response: Response, vocabulary: EditableVocabulary, slug: string | undefined, extra: Record<string, unknown> = {}) => {
    const t = response.locals.t;
    const query = queryOf(request);
    const term = slug === undefined ? undefined : deps.taxonomy.get(vocabulary, slug);
    if (slug !== undefined && !term) throw new NotFoundError();
    const list = buildTaxonomyList(deps.taxonomy, vocabulary, { locale: response.locals.lang, query, counts: await countOffersPerTerm(deps.db, vocabulary), current: slug });
    response.render(term ? 'admin/taxonomy-term' : 'admin/taxonomy', {
      title: term ? `${deps.taxonomy.label(vocabulary, term.slug, response.locals.lang)} – ${t(`taxonomyAdmin.${vocabulary}`)}` : t(`taxonomyAdmin.${vocabulary}`),
      vocabulary,
      vocabularies: Object.keys(EDITABLE).map((name) => ({ name, label: t(`taxonomyAdmin.${name}`), current: name === vocabulary })),
      query,
      list,
      term: term ? buildTermForm(deps.taxonomy, vocabulary, term, response.locals.lang) : null,
      saveUrl: term ? termUrl(vocabulary, term.slug, query) : null,
      backUrl: `/admin/taxonomy/${vocabulary}${query ? `?q=${encodeURIComponent(query)}` : ''}`,
      saved: request.query.saved === '1',
      parents: vocabulary === 'category' ? deps.taxonomy.topCategories().map((top) => ({ slug: top.slug, label: deps.taxonomy.label('category', top.slug, response.locals.lang) })) : [],
      locales: UI_LOCALES.map((code) => ({ code, languageName: deps.taxonomy.label('language', code, response.locals.lang) })),
      values: {},
      ...extra,
    });
  };
  const refused = (response: Response, error: ValidationError) => Object.values(error.fields).map((key) => response.locals.t(key)).join(' ');

  router.get('/admin/taxonomy', (_request, response) => response.redirect(303, '/admin/taxonomy/category'));
  router.get('/admin/taxonomy/:vocabulary', (request, response) => render(request, response, vocabularyOf(request), undefined));
  router.get('/admin/taxonomy/:vocabulary/:slug', (request, response) => render(request, response, vocabularyOf(request), String(request.params.slug)));
  router.post('/admin/taxonomy/:vocabulary', csrfProtection, async (request, response) => {
    const vocabulary = vocabularyOf(request);
    try {
      await addTerm(deps, staff(response), vocabulary, request.body ?? {});
      response.redirect(303, termUrl(vocabulary, String(request.body.slug).trim(), '', 'saved'));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      response.status(400);
      await render(request, response, vocabulary, undefined, { formError: refused(response, error), values: request.body, addOpen: true });
    }
  });
  router.post('/admin/taxonomy/:vocabulary/:slug', csrfProtection, async (request, response) => {
    const vocabulary = vocabularyOf(request);
    const slug = String(request.params.slug);
    try {
      await saveLabels(deps, staff(response), vocabulary, slug, request.body ?? {});
      response.redirect(303, termUrl(vocabulary, slug, queryOf(request), 'saved'));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      response.status(400);
      await render(request, response, vocabulary, slug, { formError: refused(response, error) });
    }
  });
  router.post('/admin/taxonomy/:vocabulary/:slug/delete', csrfProtection, async (request, response) => {
    await deleteTerm(deps, staff(response), vocabularyOf(request), String(request.params.slug));
    response.redirect(303, `/admin/taxonomy/${vocabularyOf(request)}`);
  });
  return router;
}
