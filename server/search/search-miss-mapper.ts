import { normaliseMissQuery, type SearchMiss } from '../insights/search-miss-recorder.ts';
import type { SearchRequest } from './search-page.ts';
import { toSearchParams } from './search-query.ts';

/** Kept in the first three columns of a miss, or not at all (page, order, coordinates). */
const NOT_FILTERS = new Set(['q', 'district', 'category', 'page', 'sort', 'near', 'bbox', 'radius']);

/**
 * A search that found nothing as it is counted: its words, language, towns,
 * topics and other filters. A distance search keeps the place typed, never the
 * coordinates, which could be where the visitor stands.
 */
export function toSearchMiss(search: SearchRequest, locale: string): SearchMiss {
  const { query } = search;
  const params = toSearchParams(query);
  const filters = [...params.entries()].filter(([name]) => !NOT_FILTERS.has(name)).map(([name, value]) => `${name}=${value}`);
  if (query.near) filters.push(search.place ? `where=${search.place.label}` : 'near=me');
  if (query.bbox) filters.push('map-area');
  return {
    query: normaliseMissQuery(query.q),
    locale,
    district: [...query.district].sort().join(','),
    category: [...query.category].sort().join(','),
    filters: filters.join('&').slice(0, 300),
  };
}
