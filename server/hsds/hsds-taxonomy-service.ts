import { NotFoundError } from '../errors/app-errors.ts';
import type { HsdsContext } from './hsds-context.ts';
import type { HsdsQuery } from './hsds-query.ts';
import { toPage } from './hsds-service.ts';
import { HSDS_VOCABULARIES, toHsdsTaxonomy } from './hsds-taxonomy.ts';
import type { HsdsTaxonomyTerm } from './hsds-types.ts';

const matches = (search: string | null, ...texts: Array<string | undefined>) =>
  !search || texts.some((text) => text?.toLowerCase().includes(search.toLowerCase()));

function pageOf<T>(items: T[], query: HsdsQuery) {
  const offset = (query.page - 1) * query.perPage;
  return toPage(items.slice(offset, offset + query.perPage), items.length, query);
}

export function listTaxonomies(ctx: HsdsContext, query: HsdsQuery) {
  const all = HSDS_VOCABULARIES.map((vocabulary) => toHsdsTaxonomy(vocabulary, ctx.ids, ctx.baseUrl));
  return pageOf(all.filter((taxonomy) => matches(query.search, taxonomy.name, taxonomy.description)), query);
}

export function getTaxonomy(ctx: HsdsContext, id: string) {
  const vocabulary = ctx.terms.vocabularyOfTaxonomyId(id);
  if (!vocabulary) throw new NotFoundError();
  return toHsdsTaxonomy(vocabulary, ctx.ids, ctx.baseUrl);
}

/** Terms of every published taxonomy; `top_only` keeps terms without a parent. */
export function listTaxonomyTerms(ctx: HsdsContext, query: HsdsQuery) {
  const terms: HsdsTaxonomyTerm[] = ctx.terms
    .all()
    .map((term) => ctx.terms.toTerm(term))
    .filter((term) => !query.taxonomyId || term.taxonomy_id === query.taxonomyId)
    .filter((term) => !query.topOnly || term.parent_id === undefined)
    .filter((term) => !query.parentId || term.parent_id === query.parentId)
    .filter((term) => matches(query.search, term.name, term.code, ...(term.x_translations ?? []).map((translation) => translation.name)));
  return pageOf(terms, query);
}

export function getTaxonomyTerm(ctx: HsdsContext, id: string) {
  const term = ctx.terms.findById(id);
  if (!term) throw new NotFoundError();
  return ctx.terms.toTerm(term);
}
