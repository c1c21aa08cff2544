import type { HsdsContext } from './hsds-context.ts';
import type { HsdsIdIndex } from './hsds-id-index.ts';
import type { HsdsQuery } from './hsds-query.ts';
import type { OfferFilter } from './hsds-repository.ts';

/** Feature terms that select offers by a column; the others select nothing rather than everything. */
const FEATURE_COLUMNS: Record<string, Record<string, string | boolean>> = {
  'format-in-person': { format: 'in-person' },
  'format-online': { format: 'online' },
  'format-hybrid': { format: 'hybrid' },
  childcare: { childcare: true },
  'women-only': { women_only: true },
  'by-appointment': { by_appointment: true },
  'registration-required': { registration_required: true },
  'interpreter-on-request': { interpreter_on_request: true },
  'rolling-entry': { rolling_entry: true },
};

function termFilter(ctx: HsdsContext, termId: string): OfferFilter {
  const term = ctx.terms.findById(termId);
  if (!term) return { nothing: true };
  switch (term.vocabulary) {
    case 'category':
      // A topic includes its sub-topics, as in the search.
      return { categories: [term.slug, ...ctx.terms.taxonomy.subcategories(term.slug).map((child) => child.slug)] };
    case 'target':
      return { targetGroups: [term.slug] };
    case 'provider-kind':
      return { providerKind: term.slug };
    case 'feature':
      return FEATURE_COLUMNS[term.slug] ? { offerColumns: FEATURE_COLUMNS[term.slug] } : { nothing: true };
  }
}

function taxonomyFilter(ctx: HsdsContext, taxonomyId: string): OfferFilter {
  const vocabulary = ctx.terms.vocabularyOfTaxonomyId(taxonomyId);
  if (!vocabulary) return { nothing: true };
  // Every offer has a topic, a format and a provider kind; only target groups are optional.
  return vocabulary === 'target' ? { targetGroups: ctx.terms.taxonomy.terms('target').map((term) => term.slug) } : {};
}

function merge(a: OfferFilter, b: OfferFilter): OfferFilter {
  const both = (x?: string[], y?: string[]) => (x && y ? x.filter((value) => y.includes(value)) : (x ?? y));
  return {
    ...a,
    ...b,
    nothing: Boolean(a.nothing || b.nothing),
    categories: both(a.categories, b.categories),
    targetGroups: both(a.targetGroups, b.targetGroups),
    offerColumns: { ...a.offerColumns, ...b.offerColumns },
  };
}

/** Turns the HSDS parameters into a filter on Wegweiser's own values; unknown ids match nothing. */
export async function resolveOfferFilter(ctx: HsdsContext, index: HsdsIdIndex, query: HsdsQuery): Promise<OfferFilter> {
  let filter: OfferFilter = { search: query.search, modifiedAfter: query.modifiedAfter };
  if (query.taxonomyTermId) filter = merge(filter, termFilter(ctx, query.taxonomyTermId));
  if (query.taxonomyId) filter = merge(filter, taxonomyFilter(ctx, query.taxonomyId));
  if (query.organizationId) {
    const key = await index.resolve('organization', query.organizationId);
    filter = key === undefined ? merge(filter, { nothing: true }) : { ...filter, providerId: Number(key) };
  }
  return filter;
}
