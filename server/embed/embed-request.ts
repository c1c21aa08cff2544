import { parseSearchRequest, type SearchPageDeps, type SearchRequest } from '../search/search-page.ts';
import { PAGE_SIZE } from '../search/search-service.ts';

/** Entries an embedded list shows when its address does not say; at most one page of the search. */
export const EMBED_DEFAULT_LIMIT = 10;
export const EMBED_MAX_LIMIT = PAGE_SIZE;
/** What the back office offers for "number of entries". */
export const EMBED_LIMIT_CHOICES = [3, 5, 10, 15, 20] as const;

/** An embedded list as its address asks for it: the same search as /search, plus how many entries. */
export interface EmbedRequest {
  search: SearchRequest;
  limit: number;
}

/**
 * Parses `/embed/list` parameters with the search page's own parser (so a bad
 * value is refused exactly as on /search, never widened), plus `limit`.
 */
export function parseEmbedRequest(raw: Record<string, unknown>, deps: Pick<SearchPageDeps, 'taxonomy' | 'region' | 'clock'>): EmbedRequest {
  const search = parseSearchRequest(raw, deps);
  const given = raw.limit;
  let limit = EMBED_DEFAULT_LIMIT;
  if (given !== undefined) {
    const number = Number(given);
    if (typeof given === 'string' && /^\d{1,2}$/.test(given) && number >= 1 && number <= EMBED_MAX_LIMIT) limit = number;
    else search.problems.limit = `expected a whole number from 1 to ${EMBED_MAX_LIMIT}`;
  }
  return { search, limit };
}

/**
 * The answer-cache key of an embedded list: language, entries and the parsed
 * search (spellings of one search share it). None when the address has
 * problems: those pages are rendered every time and never crowd out real ones.
 */
export function embedCacheKey(request: EmbedRequest, lang: string): string | null {
  const { search } = request;
  if (Object.keys(search.problems).length > 0 || search.impossible) return null;
  return `embed:${lang}:${request.limit}:${search.where}:${JSON.stringify(search.query)}`;
}
