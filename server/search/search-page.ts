import { findPlace, namesWholeRegion, placeSuggestions, suggestPlace, type Place } from '../region/place-lookup.ts';
import { distanceKm, type Region } from '../region/region-config.ts';
import { ValidationError } from '../errors/app-errors.ts';
import { offerPageLink } from '../web/page-links.ts';
import { FACETS, type FacetName } from './search-filter.ts';
import { extractPlaceWords } from './place-words.ts';
import { groupProgrammeCards, groupsProgrammes } from './programme-groups.ts';
import { emptyQuery, parseSearchQuery, SEARCH_PARAMETERS, toSearchParams, type ParsedSearchQuery, type SearchQuery } from './search-query.ts';
import type { ViewContext } from '../web/view-context.ts';
import { emptyFacets, findMapMarkers, PAGE_SIZE, searchOffers, type SearchResult, type SearchServiceDeps } from './search-service.ts';
import {
  radiusOptions,
  searchUrl,
  sortOptions,
  toChips,
  toFacetGroups,
  toPagination,
  localisedText,
  toResultCard,
  toSuggestionViews,
} from './search-view-mapper.ts';

export interface SearchPageDeps extends SearchServiceDeps {
  region: Region;
  /** "Today" for `startsWithin`; the system clock when not given. */
  clock?: () => Date;
}

export interface SearchRequest extends ParsedSearchQuery {
  /** The place typed into "near", when it was found. */
  place: Place | null;
  where: string;
  /** A town read out of the search words (district slug), shown as "in <town>". */
  districtFromWords: string | null;
  /** For an unknown place, the known one it most likely means ("Gevelsberg" for "Gevelsburg"). */
  whereSuggestion: string | null;
  /** `allLanguages=1`: the filter panel lists every language, not only the first few. */
  allLanguages: boolean;
}

export const DEFAULT_RADIUS_KM = 5;

/**
 * Parses /search parameters, resolving `where` (postcode, town, quarter) into
 * `near`. The API parses with `strictNames`: an unknown parameter name is a problem there.
 */
export function parseSearchRequest(raw: Record<string, unknown>, deps: Pick<SearchPageDeps, 'taxonomy' | 'region' | 'clock'>, options: { strictNames?: boolean } = {}): SearchRequest {
  const parsed = parseSearchQuery(raw, deps.taxonomy, deps.clock?.() ?? new Date(), options);
  // Two places are a mistake to name: ignoring both would search everywhere.
  if (raw.where !== undefined && typeof raw.where !== 'string') parsed.problems.where = 'expected one value';
  let where = typeof raw.where === 'string' ? raw.where.trim().slice(0, 80) : '';
  let districtFromWords: string | null = null;
  const placeWords = parsed.query.q && !where && !parsed.query.near && !parsed.query.bbox ? extractPlaceWords(parsed.query.q, deps.region) : null;
  if (placeWords && (placeWords.where || parsed.query.district.length === 0)) {
    parsed.query.q = placeWords.text;
    if (placeWords.district) parsed.query.district = [placeWords.district];
    districtFromWords = placeWords.district;
    where = placeWords.where ?? '';
  }
  // "Düsseldorf" in Düsseldorf's directory asks for all of it, not for 5 km around the town hall
  if (namesWholeRegion(deps.region, where)) where = '';
  let place: Place | null = null;
  let whereSuggestion: string | null = null;
  if (where && !parsed.query.near) {
    place = findPlace(deps.region, where) ?? null;
    if (place) {
      parsed.query.near = { lat: place.lat, lng: place.lng };
      parsed.query.radiusKm ??= DEFAULT_RADIUS_KM;
      if (raw.sort === undefined) parsed.query.sort = 'distance';
    } else {
      parsed.problems.where = 'unknown place';
      whereSuggestion = suggestPlace(deps.region, where) ?? null;
    }
  } else if (parsed.query.near && raw.sort === undefined) {
    parsed.query.sort = 'distance';
  }
  if (parsed.problems.radius === 'needs near' && place) delete parsed.problems.radius;
  return { ...parsed, place, where, districtFromWords, whereSuggestion, allLanguages: raw.allLanguages === '1' };
}

/**
 * The cache key of a search page: its language, whether only the results part
 * is asked for, and the parsed search, so spellings of one search share a page.
 * None for searches with problems or unknown parameters: those are rendered
 * every time, so made-up addresses cannot push real searches out of the cache.
 */
export function searchPageCacheKey(raw: Record<string, unknown>, request: SearchRequest, lang: string, partial: boolean): string | null {
  if (Object.keys(request.problems).length > 0 || request.impossible) return null;
  // An address with a parameter /search does not understand is not cached.
  if (Object.keys(raw).some((name) => !SEARCH_PARAMETERS.has(name))) return null;
  return `page:${lang}:${partial ? 'results' : 'full'}:${request.where}:${JSON.stringify(request.query)}`;
}

function emptyResult(query: SearchQuery): SearchResult {
  return { total: 0, totalIsLowerBound: false, page: query.page, pageSize: PAGE_SIZE, totalPages: 0, hits: [], facets: emptyFacets(), suggestions: [] };
}

/**
 * Everything the search page shows. With invalid parameters it searches nothing
 * (a wrong value must never widen a search) and offers the corrected link instead.
 */
export async function buildSearchPage(deps: SearchPageDeps, request: SearchRequest, ctx: ViewContext, returnPath: string | null = null) {
  const { query } = request;
  const problemFields = Object.keys(request.problems);
  const result = problemFields.length > 0 ? emptyResult(query) : await searchOffers(deps, query);
  // Offer links keep the language and carry this search, for "back to search" (also without JavaScript).
  const allCards = result.hits.map((hit) => ({ ...toResultCard(hit, query, ctx), url: offerPageLink(hit.slug, ctx.locale, returnPath) }));
  const cards = groupsProgrammes(query) ? groupProgrammeCards(allCards, result.hits.map((hit) => hit.programmeKey ?? `offer:${hit.offerId}`)) : allCards;
  return {
    query,
    where: request.place?.label ?? request.where,
    problems: problemFields.map((field) => ctx.t(`search.problemField.${field.replace(/\[.*$/, '')}`, { defaultValue: field })),
    correctedUrl: problemFields.length > 0 ? searchUrl(ctx.basePath, query) : null,
    whereSuggestion: request.whereSuggestion ? { label: request.whereSuggestion, url: withWhere(searchUrl(ctx.basePath, query), request.whereSuggestion) } : null,
    result,
    /** Meilisearch failed or hung: the page says it shows a simpler search. */
    simplerSearch: result.engine === 'database',
    cards,
    startIndex: (result.page - 1) * result.pageSize + 1,
    facetGroups: toFacetGroups(query, result.facets, ctx, { allLanguages: request.allLanguages }),
    flags: (['childcare', 'accessible', 'women'] as const).map((flag) => ({
      name: flag,
      label: ctx.t(`facets.${flag}`),
      count: result.facets[flag],
      checked: query[flag],
    })),
    chips: toChips(query, ctx, request.districtFromWords),
    clearAllUrl: ctx.basePath + (query.q ? `?q=${encodeURIComponent(query.q)}` : ''),
    downloadQuery: toSearchParams({ ...query, page: 1 }).toString(),
    suggestions: toSuggestionViews(result.suggestions, query, ctx),
    neighbours: query.district.length > 0 && result.total === 0 ? neighbourLinks(deps.region, query, result, ctx) : [],
    pagination: toPagination(result, query, ctx),
    sortOptions: sortOptions(query, ctx),
    radiusOptions: radiusOptions(query, ctx.locale),
    placeSuggestions: placeSuggestions(deps.region),
    hasNear: query.near !== null,
    nearValue: query.near ? `${query.near.lat},${query.near.lng}` : '',
    bboxValue: query.bbox ? [query.bbox.south, query.bbox.west, query.bbox.north, query.bbox.east].join(',') : '',
  };
}

/** A search address with a place typed into "where". */
function withWhere(url: string, where: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}where=${encodeURIComponent(where)}`;
}

/** For an empty search in a town: the nearest other towns that have matching offers. */
function neighbourLinks(region: Region, query: SearchQuery, result: SearchResult, ctx: ViewContext) {
  const chosen = region.districts.filter((district) => query.district.includes(district.slug));
  return region.districts
    .filter((district) => !query.district.includes(district.slug) && (result.facets.district[district.slug] ?? 0) > 0)
    .map((district) => ({ district, distance: Math.min(...chosen.map((c) => Math.hypot(c.centre.lat - district.centre.lat, c.centre.lng - district.centre.lng))) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ district }) => ({
      label: ctx.t('search.suggest.neighbour', { district: district.name, count: result.facets.district[district.slug] }),
      url: searchUrl(ctx.basePath, { ...query, district: [district.slug], page: 1 }),
    }));
}

/** The home page: search box, categories with counts, towns, quick links. */
export async function buildHomePage(deps: SearchPageDeps, ctx: ViewContext) {
  const result = await searchOffers(deps, emptyQuery());
  const link = (change: Partial<SearchQuery>) => searchUrl('/search', { ...emptyQuery(), ...change });
  return {
    total: result.total,
    categories: deps.taxonomy.topCategories().map((category) => ({
      label: deps.taxonomy.label('category', category.slug, ctx.locale),
      description: (category.attributes.descriptions as Record<string, string> | undefined)?.[ctx.locale] ?? '',
      icon: String(category.attributes.icon ?? ''),
      count: result.facets.category[category.slug] ?? 0,
      url: link({ category: [category.slug] }),
    })),
    districts: deps.region.districts.map((district) => ({
      label: district.name,
      count: result.facets.district[district.slug] ?? 0,
      url: link({ district: [district.slug] }),
    })),
    quickLinks: [
      { label: ctx.t('home.quick.germanCourse'), url: link({ category: ['language'] }) },
      { label: ctx.t('home.quick.homeworkHelp'), url: link({ category: ['homework-help'] }) },
      { label: ctx.t('home.quick.counselling'), url: link({ category: ['counselling'] }) },
      { label: ctx.t('home.quick.parents'), url: link({ category: ['family'] }) },
      { label: ctx.t('home.quick.interpreters'), url: link({ category: ['interpreting'] }) },
    ],
    placeSuggestions: placeSuggestions(deps.region),
  };
}

/** The API's 400 for a search it will not run, with the likely meant place when one was mistyped. */
function searchProblem(request: SearchRequest): ValidationError {
  const extra = request.whereSuggestion ? { suggestions: { where: request.whereSuggestion } } : {};
  return new ValidationError(request.problems, 'errors.searchParameters', extra);
}

/** The JSON API answer; invalid parameters are a 400 naming each field. */
export async function buildSearchApiResponse(deps: SearchPageDeps, request: SearchRequest, ctx: ViewContext) {
  if (Object.keys(request.problems).length > 0) throw searchProblem(request);
  const { query } = request;
  const result = await searchOffers(deps, query);
  return {
    total: result.total,
    totalIsLowerBound: result.totalIsLowerBound,
    page: result.page,
    pageSize: result.pageSize,
    totalPages: result.totalPages,
    hits: result.hits.map((hit) => {
      // Only the texts and the distance: the card's formatted schedule and labels are the page's business.
      const text = localisedText(hit, ctx.locale);
      const km = query.near && hit._geo ? distanceKm(query.near, hit._geo) : null;
      return {
        id: hit.offerId,
        slug: hit.slug,
        url: `/offers/${hit.slug}`,
        title: text.title,
        summary: text.summary,
        provider: { name: hit.providerName, slug: hit.providerSlug },
        districts: hit.offerDistricts,
        languages: hit.languages,
        categories: hit.categories,
        targetGroups: hit.targets,
        cost: hit.cost,
        format: hit.format,
        schedule: hit.schedule,
        byAppointment: hit.byAppointment,
        ageMin: hit.ageMin ?? null,
        ageMax: hit.ageMax ?? null,
        startDate: hit.startDate ?? null,
        endDate: hit.endDate ?? null,
        nextStartDate: hit.nextStartDate ?? null,
        rollingEntry: hit.rollingEntry ?? false,
        location: hit._geo
          ? { name: hit.locationName, district: hit.district, lat: hit._geo.lat, lng: hit._geo.lng, precision: hit.geoPrecision ?? 'exact' }
          : null,
        ...(km !== null ? { distanceKm: Math.round(km * 10) / 10 } : {}),
      };
    }),
    facets: {
      ...(Object.fromEntries((Object.keys(FACETS) as FacetName[]).map((name) => [name, result.facets[name]])) as Record<FacetName, Record<string, number>>),
      childcare: { true: result.facets.childcare },
      accessible: { true: result.facets.accessible },
      women: { true: result.facets.women },
    },
    engine: result.engine ?? 'meilisearch',
  };
}

/** Markers for the map; same parameters as the search. */
export async function buildMapResponse(deps: SearchPageDeps, request: SearchRequest) {
  if (Object.keys(request.problems).length > 0) throw searchProblem(request);
  const { markers, truncated, engine } = await findMapMarkers(deps, request.query);
  return { markers, truncated, engine: engine ?? 'meilisearch' };
}
