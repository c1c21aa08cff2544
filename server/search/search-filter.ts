import { dayNumber } from '../offers/course-dates.ts';
import type { SearchQuery } from './search-query.ts';

/** Facets: query parameter → document attribute. Only these names ever appear in a filter. */
export const FACETS = {
  district: 'offerDistricts',
  language: 'languages',
  target: 'targets',
  category: 'categories',
  cost: 'cost',
  weekday: 'weekdays',
  format: 'format',
} as const;
export type FacetName = keyof typeof FACETS;

/** Yes/no filters: query parameter → boolean document attribute. */
export const FLAGS = { childcare: 'childcare', accessible: 'accessible', women: 'womenOnly' } as const;
export type FlagName = keyof typeof FLAGS;

/** A string literal for a Meilisearch filter: backslash first, then the double quote. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function finite(value: number): string {
  if (!Number.isFinite(value)) throw new Error('not a finite number');
  return String(value);
}

/** The clause of one facet, or undefined when nothing is selected in it. */
function facetClause(query: SearchQuery, facet: FacetName): string | undefined {
  const selected: Array<string | number> = query[facet];
  if (selected.length === 0) return undefined;
  const literals = selected.map((value) => (typeof value === 'number' ? finite(value) : quote(value)));
  return `${FACETS[facet]} IN [${literals.join(', ')}]`;
}

/** Geo clauses from `near` + `radius` and `bbox`. */
function geoClauses(query: SearchQuery): string[] {
  const clauses: string[] = [];
  if (query.near && query.radiusKm !== null) {
    clauses.push(`_geoRadius(${finite(query.near.lat)}, ${finite(query.near.lng)}, ${finite(Math.round(query.radiusKm * 1000))})`);
  }
  if (query.bbox) {
    const { north, east, south, west } = query.bbox;
    clauses.push(`_geoBoundingBox([${finite(north)}, ${finite(east)}], [${finite(south)}, ${finite(west)}])`);
  }
  return clauses;
}

/** Offers open to this age: each bound holds or is missing (open). */
function ageClause(age: number | null): string | undefined {
  if (age === null) return undefined;
  const years = finite(age);
  return `(ageMin IS NULL OR ageMin <= ${years}) AND (ageMax IS NULL OR ageMax >= ${years})`;
}

/**
 * Courses whose next start (or start) falls within the days asked for, or that
 * run with rolling entry during them. Without a known first day it matches nothing.
 */
function startsWithinClause(query: SearchQuery): string | undefined {
  if (query.startsWithin === null) return undefined;
  const first = dayNumber(query.startsFrom);
  if (first === null) return 'offerId < 0';
  const from = finite(first);
  const to = finite(first + query.startsWithin);
  return `(nextStartDay ${from} TO ${to} OR startDay ${from} TO ${to} OR (rollingEntryFromDay <= ${to} AND rollingEntryUntilDay >= ${from}))`;
}

/**
 * The Meilisearch filter for a checked query, as clauses joined with AND.
 * `omit` leaves one facet's own clause out: that is how disjunctive facet
 * counts are asked for.
 */
export function buildFilter(query: SearchQuery, omit?: FacetName, options: { perPlace?: boolean } = {}): string {
  const clauses: string[] = [];
  for (const facet of Object.keys(FACETS) as FacetName[]) {
    if (facet === omit) continue;
    const clause = facetClause(query, facet);
    // The map shows places: there a chosen town selects the places in it, not every place of its offers.
    if (clause) clauses.push(options.perPlace && facet === 'district' ? clause.replace(/^offerDistricts /, 'district ') : clause);
  }
  for (const flag of Object.keys(FLAGS) as FlagName[]) if (query[flag]) clauses.push(`${FLAGS[flag]} = true`);
  for (const clause of [ageClause(query.age), startsWithinClause(query)]) if (clause) clauses.push(clause);
  clauses.push(...geoClauses(query));
  if (!options.perPlace && !searchesPlaces(query)) clauses.push('placeRank = 0');
  return clauses.join(' AND ');
}

/**
 * A search near a point or in a map area looks at every place of an offer and
 * lists each offer once (distinct); any other search looks only at each offer's
 * first place, so every offer is one document and facet counts are exact.
 */
export function searchesPlaces(query: SearchQuery): boolean {
  return query.near !== null || query.bbox !== null;
}

/** Facets the user has chosen values in: each needs its own count query. */
export function selectedFacets(query: SearchQuery): FacetName[] {
  return (Object.keys(FACETS) as FacetName[]).filter((facet) => query[facet].length > 0);
}

/** Meilisearch sort for a query; undefined means ranking by relevance. */
export function buildSort(query: SearchQuery): string[] | undefined {
  switch (query.sort) {
    case 'distance':
      return query.near ? [`_geoPoint(${finite(query.near.lat)}, ${finite(query.near.lng)}):asc`] : undefined;
    case 'newest':
      return ['publishedAt:desc'];
    case 'title':
      return ['titleSort:asc'];
    default:
      return undefined;
  }
}

/** Clauses joined with AND, leaving out empty ones: "" AND x would be a broken filter. */
export function andFilter(...clauses: Array<string | undefined>): string {
  return clauses.filter((clause): clause is string => Boolean(clause)).join(' AND ');
}
