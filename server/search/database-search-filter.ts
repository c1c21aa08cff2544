import { dayNumber } from '../offers/course-dates.ts';
import type { SearchFacts } from './database-search-mapper.ts';
import { FACETS, FLAGS, searchesPlaces, type FacetName, type FlagName } from './search-filter.ts';
import type { SearchQuery } from './search-query.ts';

/** Haversine metres on Meilisearch's earth radius, so a `_geoRadius` edge falls where it does there. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** `attribute IN [...]`: a list attribute matches when any of its values is chosen. */
function facetMatches(facts: SearchFacts, facet: FacetName, selected: ReadonlyArray<string | number>, perPlace: boolean): boolean {
  const value = perPlace && facet === 'district' ? facts.district : facts[FACETS[facet]];
  if (Array.isArray(value)) return value.some((item) => selected.includes(item));
  return value !== null && value !== undefined && selected.includes(value);
}

const within = (value: number | null | undefined, from: number, to: number) => value !== null && value !== undefined && value >= from && value <= to;

/** search-filter.ts `startsWithinClause`, on one document. */
function startsWithin(facts: SearchFacts, query: SearchQuery): boolean {
  if (query.startsWithin === null) return true;
  const from = dayNumber(query.startsFrom);
  if (from === null) return false;
  const to = from + query.startsWithin;
  if (within(facts.nextStartDay, from, to) || within(facts.startDay, from, to)) return true;
  const { rollingEntryFromDay: joinFrom, rollingEntryUntilDay: joinUntil } = facts;
  return joinFrom !== null && joinFrom !== undefined && joinUntil !== null && joinUntil !== undefined && joinFrom <= to && joinUntil >= from;
}

function geoMatches(facts: SearchFacts, query: SearchQuery): boolean {
  const geo = facts._geo;
  if (query.near && query.radiusKm !== null && (!geo || distanceMetres(query.near, geo) > Math.round(query.radiusKm * 1000))) return false;
  if (query.bbox) {
    const { south, west, north, east } = query.bbox;
    if (!geo || geo.lat < south || geo.lat > north || geo.lng < west || geo.lng > east) return false;
  }
  return true;
}

/**
 * Whether a document passes the search's filters: the same meaning as the
 * Meilisearch filter `buildFilter(query, omit, options)` gives it.
 */
export function matchesSearch(facts: SearchFacts, query: SearchQuery, omit?: FacetName, options: { perPlace?: boolean } = {}): boolean {
  const perPlace = options.perPlace ?? false;
  if (!perPlace && !searchesPlaces(query) && facts.placeRank !== 0) return false;
  for (const facet of Object.keys(FACETS) as FacetName[]) {
    const selected: ReadonlyArray<string | number> = query[facet];
    if (facet !== omit && selected.length > 0 && !facetMatches(facts, facet, selected, perPlace)) return false;
  }
  for (const flag of Object.keys(FLAGS) as FlagName[]) if (query[flag] && facts[FLAGS[flag]] !== true) return false;
  if (query.age !== null) {
    if (facts.ageMin !== null && facts.ageMin !== undefined && facts.ageMin > query.age) return false;
    if (facts.ageMax !== null && facts.ageMax !== undefined && facts.ageMax < query.age) return false;
  }
  return startsWithin(facts, query) && geoMatches(facts, query);
}

/** Adds one document's facet values to the counts (arrays count each value once). */
export function countFacetValues(counts: Record<string, number>, value: unknown): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item === null || item === undefined) continue;
    const key = String(item);
    counts[key] = (counts[key] ?? 0) + 1;
  }
}
