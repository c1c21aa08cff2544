import type { MultiSearchQuery, SearchResponse } from 'meilisearch';
import { SearchUnavailableError } from '../errors/app-errors.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { OFFERS_INDEX } from './offer-search-index.ts';
import type { OfferSearchDocument } from './search-document-mapper.ts';
import { CARD_FIELDS, MARKER_FIELDS } from './search-fields.ts';
import { andFilter, buildFilter, buildSort, FACETS, FLAGS, searchesPlaces, selectedFacets, type FacetName } from './search-filter.ts';
import { MAX_FACET_VALUES, MAX_TOTAL_HITS, QUERY_LOCALES, SYNONYMS } from './search-index-settings.ts';
import { rewriteQueryText } from './query-rewrite.ts';
import { RADIUS_CHOICES_KM, type SearchQuery } from './search-query.ts';

export interface SearchServiceDeps {
  engine: SearchEngine;
  taxonomy: Taxonomy;
}

export const PAGE_SIZE = 20;
export const MAX_MAP_MARKERS = 3000;

export type SearchHit = Pick<OfferSearchDocument, (typeof CARD_FIELDS)[number]>;

/** Counts per facet value, and for the yes/no filters the count of offers that have them. */
export type FacetCounts = Record<FacetName, Record<string, number>> & Record<keyof typeof FLAGS, number>;

export interface SearchResult {
  /** Exact up to MAX_TOTAL_HITS; at that number it is a lower bound (see totalIsLowerBound). */
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
  totalPages: number;
  hits: SearchHit[];
  facets: FacetCounts;
  /** When nothing matched: how many would match with one restriction less. */
  suggestions: Suggestion[];
  /** Set when the database answered because Meilisearch failed or hung (search-fallback.ts). */
  engine?: 'database';
}

export type Suggestion =
  | { kind: 'drop-facet'; facet: FacetName; count: number }
  | { kind: 'drop-flag'; flag: keyof typeof FLAGS; count: number }
  | { kind: 'drop-query'; count: number }
  | { kind: 'widen-radius'; radiusKm: number; count: number }
  | { kind: 'drop-area'; count: number };

export interface MapMarker {
  offerId: number;
  slug: string;
  title: string;
  providerName: string;
  locationName: string | null;
  lat: number;
  lng: number;
}

export interface MapMarkers {
  markers: MapMarker[];
  truncated: boolean;
  engine?: 'database';
}

const FACET_ATTRIBUTES = [...Object.values(FACETS), ...Object.values(FLAGS)];

function indexUid(deps: SearchServiceDeps): string {
  return deps.engine.indexUid(OFFERS_INDEX);
}

/**
 * Facet counts are taken without `distinct`: measured on 1.21, counts with it
 * were wrong for offers held at several places. Outside geo searches every
 * offer is one document anyway (placeRank = 0).
 */
function baseQuery(deps: SearchServiceDeps, query: SearchQuery, filter: string): MultiSearchQuery {
  return { indexUid: indexUid(deps), q: query.q, filter: filter || undefined, locales: QUERY_LOCALES };
}

/** The query as Meilisearch gets it: the typed text read with the index's vocabulary (query-rewrite.ts). */
function forEngine(deps: SearchServiceDeps, query: SearchQuery): SearchQuery {
  return query.q ? { ...query, q: rewriteQueryText(query.q, deps.engine.vocabulary, SYNONYMS) } : query;
}

/** Facet counts of a search that found nothing. */
export function emptyFacets(): FacetCounts {
  const facets = Object.fromEntries(Object.keys(FACETS).map((name) => [name, {}])) as FacetCounts;
  for (const flag of Object.keys(FLAGS) as Array<keyof typeof FLAGS>) facets[flag] = 0;
  return facets;
}

function readFacets(main: SearchResponse, perFacet: Map<FacetName, SearchResponse>): FacetCounts {
  const facets = emptyFacets();
  for (const [name, attribute] of Object.entries(FACETS) as Array<[FacetName, string]>) {
    const source = perFacet.get(name) ?? main;
    facets[name] = { ...(source.facetDistribution?.[attribute] ?? {}) };
  }
  for (const [flag, attribute] of Object.entries(FLAGS) as Array<[keyof typeof FLAGS, string]>) {
    facets[flag] = main.facetDistribution?.[attribute]?.true ?? 0;
  }
  return facets;
}

async function runMultiSearch(deps: SearchServiceDeps, queries: MultiSearchQuery[]): Promise<SearchResponse[]> {
  try {
    const { results } = await deps.engine.client.multiSearch({ queries });
    return results as SearchResponse[];
  } catch (error) {
    throw new SearchUnavailableError({ cause: error });
  }
}

/**
 * Searches published offers in one multi-search round trip: the page of hits
 * with all filters, plus a count-only query for every facet the user chose
 * values in (without that facet's own clause, so choosing Witten still shows
 * how many offers Hattingen has) and for the place facets. Answers are cached
 * until the index changes and shared between callers: never modify them.
 */
export function searchOffers(deps: SearchServiceDeps, query: SearchQuery): Promise<SearchResult> {
  const fromEngine = () => deps.engine.resultCache.remember(`search:${JSON.stringify(query)}`, () => runOfferSearch(deps, forEngine(deps, query)));
  return deps.engine.fallback ? deps.engine.fallback.answer(fromEngine, (database) => database.searchOffers(query)) : fromEngine();
}

async function runOfferSearch(deps: SearchServiceDeps, query: SearchQuery): Promise<SearchResult> {
  const separatelyCounted = selectedFacets(query);
  const sort = buildSort(query);
  const places = searchesPlaces(query);
  const filter = buildFilter(query);
  const hitsQuery = { ...baseQuery(deps, query, filter), attributesToRetrieve: [...CARD_FIELDS], ...(sort ? { sort } : {}) };
  // The ways out of an empty result travel with the search, so it is one round trip whatever it finds.
  // A lifted facet is that facet's own count query.
  const wayOuts = wayOutCandidates(query).filter(({ suggestion }) => suggestion.kind !== 'drop-facet');
  const queries: MultiSearchQuery[] = [
    places
      ? // Distinct per offer with offset/limit: an exhaustive distinct count took 160–220 ms at 100,000 offers (measured).
        { ...hitsQuery, distinct: 'offerId', offset: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }
      : { ...hitsQuery, facets: FACET_ATTRIBUTES, page: query.page, hitsPerPage: PAGE_SIZE },
    ...(places ? placeCountQueries(deps, query, filter) : []),
    ...separatelyCounted.map((facet) => ({ ...baseQuery(deps, query, buildFilter(query, facet)), page: 1, hitsPerPage: 0, facets: places ? [FACETS[facet], 'placeRank'] : [FACETS[facet]] })),
    ...wayOuts.map(({ variant }) => countQuery(deps, variant)),
  ];
  const [main, ...rest] = await runMultiSearch(deps, queries);
  const [counts, laterPlaces, multiPlaceFirst] = places ? rest.splice(0, 3) : [main!, undefined, undefined];
  const perFacet = new Map(separatelyCounted.map((facet, index) => [facet, rest[index]!]));
  const wayOutCounts = rest.slice(separatelyCounted.length);
  // Meilisearch stops counting at MAX_TOTAL_HITS; a geo search counts its offers itself.
  const { total, lowerBound } = places
    ? countOffersAtPlaces(counts!, laterPlaces!, multiPlaceFirst!)
    : { total: main!.totalHits ?? 0, lowerBound: (main!.totalHits ?? 0) >= MAX_TOTAL_HITS };
  const suggestions =
    total === 0
      ? toSuggestions(
          [...separatelyCounted.map((facet): WayOut => ({ suggestion: { kind: 'drop-facet', facet, count: 0 }, variant: query })), ...wayOuts],
          [...separatelyCounted.map((facet) => wayOutCount(perFacet.get(facet), places)), ...wayOutCounts.map((result) => result.totalHits)],
        )
      : [];
  return {
    total,
    totalIsLowerBound: lowerBound,
    page: query.page,
    pageSize: PAGE_SIZE,
    totalPages: Math.ceil(Math.min(total, MAX_TOTAL_HITS) / PAGE_SIZE),
    hits: main!.hits as SearchHit[],
    facets: readFacets(counts!, perFacet),
    suggestions,
  };
}

/**
 * A geo search finds places, one document each. Its facet counts come from a
 * query without distinct (measured on 1.21: counts with distinct were wrong for
 * offers at several places), which also counts the places by rank. Two more
 * queries list, as facets, the offers found at a later place (second, third …)
 * and the offers with several places found at their first: together they tell
 * how many offers were found only at a later place, in the same round trip.
 * (Fetching places as hits took 130–150 ms at 100,000 offers, a facet 25 ms.)
 */
function placeCountQueries(deps: SearchServiceDeps, query: SearchQuery, filter: string): MultiSearchQuery[] {
  return [
    { ...baseQuery(deps, query, filter), limit: 0, facets: [...FACET_ATTRIBUTES, 'placeRank'] },
    { ...baseQuery(deps, query, andFilter(filter, 'placeRank > 0')), limit: 0, facets: ['offerId'] },
    { ...baseQuery(deps, query, andFilter(filter, 'placeRank = 0', 'placeCount > 1')), limit: 0, facets: ['offerId'] },
  ];
}

/**
 * Offers among the places found: every offer whose first place was found, plus
 * the offers found only at a later place. With more such offers than a facet
 * lists (MAX_FACET_VALUES), the offers found at their first place are a lower bound.
 */
export function countOffersAtPlaces(counts: SearchResponse, laterPlaces: SearchResponse, multiPlaceFirst: SearchResponse): { total: number; lowerBound: boolean } {
  const atFirstPlace = counts.facetDistribution?.placeRank?.['0'] ?? 0;
  const atLaterPlace = Object.keys(laterPlaces.facetDistribution?.offerId ?? {});
  if (atLaterPlace.length === 0) return { total: atFirstPlace, lowerBound: false };
  const alsoAtFirstPlace = new Set(Object.keys(multiPlaceFirst.facetDistribution?.offerId ?? {}));
  if (atLaterPlace.length >= MAX_FACET_VALUES || alsoAtFirstPlace.size >= MAX_FACET_VALUES) return { total: atFirstPlace, lowerBound: true };
  return { total: atFirstPlace + atLaterPlace.filter((offerId) => !alsoAtFirstPlace.has(offerId)).length, lowerBound: false };
}

/**
 * A way out's count. In a geo search a count query counts places; its
 * `placeRank` facet (asked for only there) counts the offers at their first place.
 */
function wayOutCount(result: SearchResponse | undefined, places: boolean): number | undefined {
  return places ? (result?.facetDistribution?.placeRank?.['0'] ?? 0) : result?.totalHits;
}

interface WayOut {
  suggestion: Suggestion;
  variant: SearchQuery;
}

/** Each restriction of the search lifted in turn: the ways out of an empty result. */
function wayOutCandidates(query: SearchQuery): WayOut[] {
  const candidates: WayOut[] = [];
  for (const facet of selectedFacets(query)) candidates.push({ suggestion: { kind: 'drop-facet', facet, count: 0 }, variant: { ...query, [facet]: [] } });
  for (const flag of Object.keys(FLAGS) as Array<keyof typeof FLAGS>) {
    if (query[flag]) candidates.push({ suggestion: { kind: 'drop-flag', flag, count: 0 }, variant: { ...query, [flag]: false } });
  }
  if (query.q) candidates.push({ suggestion: { kind: 'drop-query', count: 0 }, variant: { ...query, q: '' } });
  if (query.near && query.radiusKm !== null) {
    const wider = RADIUS_CHOICES_KM.find((km) => km > query.radiusKm!);
    if (wider) candidates.push({ suggestion: { kind: 'widen-radius', radiusKm: wider, count: 0 }, variant: { ...query, radiusKm: wider } });
  }
  if (query.bbox) candidates.push({ suggestion: { kind: 'drop-area', count: 0 }, variant: { ...query, bbox: null } });
  return candidates;
}

/**
 * A count of the offers a variant of the search finds. A geo variant counts
 * the offers found at their first place: an exact count of offers (distinct)
 * took 160–220 ms on large areas at 100,000 offers (measured), too much to ask
 * with every search; an offer found only at its second place is left out of a
 * way out's number, never out of the search it links to.
 */
function countQuery(deps: SearchServiceDeps, variant: SearchQuery): MultiSearchQuery {
  const filter = buildFilter(variant);
  return { ...baseQuery(deps, variant, searchesPlaces(variant) ? andFilter(filter, 'placeRank = 0') : filter), page: 1, hitsPerPage: 0 };
}

function toSuggestions(candidates: WayOut[], counts: Array<number | undefined>): Suggestion[] {
  return candidates
    .map(({ suggestion }, index): Suggestion => ({ ...suggestion, count: counts[index] ?? 0 }))
    .filter((suggestion) => suggestion.count > 0)
    .sort((a, b) => b.count - a.count);
}

/** Every place of every offer matching the search (not only the current page), for the map. */
export function findMapMarkers(deps: SearchServiceDeps, query: SearchQuery): Promise<MapMarkers> {
  const fromEngine = () => deps.engine.resultCache.remember(`map:${JSON.stringify(query)}`, () => runMarkerSearch(deps, forEngine(deps, query)));
  return deps.engine.fallback ? deps.engine.fallback.answer(fromEngine, (database) => database.findMapMarkers(query)) : fromEngine();
}

async function runMarkerSearch(deps: SearchServiceDeps, query: SearchQuery): Promise<{ markers: MapMarker[]; truncated: boolean }> {
  const filter = [buildFilter(query, undefined, { perPlace: true }), 'hasGeo = true'].filter(Boolean).join(' AND ');
  const [result] = await runMultiSearch(deps, [
    {
      indexUid: indexUid(deps),
      q: query.q,
      filter,
      locales: QUERY_LOCALES,
      limit: MAX_MAP_MARKERS,
      attributesToRetrieve: [...MARKER_FIELDS],
    },
  ]);
  const hits = (result?.hits ?? []) as Array<Pick<OfferSearchDocument, (typeof MARKER_FIELDS)[number]>>;
  const markers = hits
    .filter((hit) => hit._geo)
    .map((hit) => ({
      offerId: hit.offerId,
      slug: hit.slug,
      title: hit.title,
      providerName: hit.providerName,
      locationName: hit.locationName,
      lat: hit._geo!.lat,
      lng: hit._geo!.lng,
    }));
  return { markers, truncated: (result?.estimatedTotalHits ?? 0) > MAX_MAP_MARKERS };
}
