import type { SearchPageDeps } from '../search/search-page.ts';
import { searchOffers } from '../search/search-service.ts';
import type { ViewContext } from '../web/view-context.ts';
import { fullSearchUrl, siteHost, toEmbedItem, type EmbedItem } from './embed-mapper.ts';
import type { EmbedRequest } from './embed-request.ts';

export interface EmbedListPage {
  status: number;
  title: string;
  /** Translated names of the parameters the address got wrong; the list is then not searched. */
  problems: string[];
  total: number;
  items: EmbedItem[];
  allResultsUrl: string;
  siteHost: string;
  /** Meilisearch failed and the database copy answered: the same offers, but not worth keeping. */
  fromDatabase: boolean;
}

/** The frame's title on the partner page and in the list: "Angebote aus dem Wegweiser Ennepe-Ruhr-Kreis". */
export function embedFrameTitle(ctx: Pick<ViewContext, 't'>, regionName: string): string {
  return ctx.t('embed.frameTitle', { site: `${ctx.t('site.name')} ${regionName}` });
}

/**
 * The embedded list: the first `limit` offers of the search, with the count and
 * the link to the full search. An address with bad values searches nothing
 * (400, naming them), like /search. When Meilisearch fails, the database copy
 * answers (search-fallback.ts); when no search can answer, the
 * `SearchUnavailableError` reaches the route, which shows its own note.
 */
export async function buildEmbedList(deps: SearchPageDeps, request: EmbedRequest, ctx: ViewContext, siteUrl: string): Promise<EmbedListPage> {
  const { search } = request;
  const problemFields = Object.keys(search.problems);
  const base = { title: embedFrameTitle(ctx, deps.region.name), allResultsUrl: fullSearchUrl(search, ctx.locale, siteUrl), siteHost: siteHost(siteUrl) };
  if (problemFields.length > 0) {
    const problems = problemFields.map((field) => ctx.t(`search.problemField.${field.replace(/\[.*$/, '')}`, { defaultValue: field }));
    return { ...base, status: 400, problems, total: 0, items: [], fromDatabase: false };
  }
  const result = await searchOffers(deps, search.query);
  const items = result.hits.slice(0, request.limit).map((hit) => toEmbedItem(hit, search, ctx, siteUrl));
  return { ...base, status: 200, problems: [], total: result.total, items, fromDatabase: result.engine === 'database' };
}
