import { localIsoDate } from '../offers/course-dates.ts';
import { COSTS, FORMATS, type Cost, type OfferFormat } from '../offers/offer-types.ts';
import type { Taxonomy, Vocabulary } from '../taxonomy/taxonomy.ts';

export const SORTS = ['relevance', 'distance', 'newest', 'title'] as const;
export type SearchSort = (typeof SORTS)[number];

export const TERM_FILTERS = {
  district: 'district',
  language: 'language',
  target: 'target',
  category: 'category',
} as const satisfies Record<string, Vocabulary>;
export type TermFilter = keyof typeof TERM_FILTERS;

export const FLAG_FILTERS = ['childcare', 'accessible', 'women'] as const;
export type FlagFilter = (typeof FLAG_FILTERS)[number];

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** A search as the user asked for it, every value checked. */
export interface SearchQuery {
  q: string;
  district: string[];
  language: string[];
  target: string[];
  category: string[];
  cost: Cost[];
  weekday: number[];
  format: OfferFormat[];
  childcare: boolean;
  accessible: boolean;
  women: boolean;
  /** Offers open to a person of this age (missing bounds are open). */
  age: number | null;
  /** Courses that start within this many days (or are running with rolling entry). */
  startsWithin: number | null;
  /** The first day `startsWithin` counts from: today when the search was parsed. Part of the query so answers are cached per day. */
  startsFrom: string | null;
  near: GeoPoint | null;
  radiusKm: number | null;
  bbox: BoundingBox | null;
  sort: SearchSort;
  page: number;
}

export interface ParsedSearchQuery {
  query: SearchQuery;
  /** Fields with values we could not accept, e.g. { district: "atlantis" }. */
  problems: Record<string, string>;
  /** Filters that had only unknown values: they match nothing, so the result is empty rather than wider. */
  impossible: boolean;
}

export const MAX_QUERY_LENGTH = 200;
export const MAX_PAGE = 250;
export const RADIUS_CHOICES_KM = [1, 2, 5, 10, 20, 50];
export const MAX_AGE = 120;
export const MAX_STARTS_WITHIN_DAYS = 366;
const MAX_VALUES_PER_FILTER = 80;

export function emptyQuery(): SearchQuery {
  return {
    q: '', district: [], language: [], target: [], category: [], cost: [], weekday: [], format: [],
    childcare: false, accessible: false, women: false, age: null, startsWithin: null, startsFrom: null, near: null, radiusKm: null, bbox: null, sort: 'relevance', page: 1,
  };
}

type RawQuery = Record<string, unknown>;

/**
 * Every parameter name a search understands, on the page and in the API;
 * `lang` chooses the answer's language. Add a new filter's name here.
 */
export const SEARCH_PARAMETERS: ReadonlySet<string> = new Set([
  'q', 'district', 'language', 'target', 'category', 'cost', 'weekday', 'format', 'childcare', 'accessible', 'women', 'age', 'startsWithin',
  'near', 'radius', 'bbox', 'sort', 'page', 'where', 'lang',
]);

/**
 * Parameter names a search refuses. `district[]` or `q[x]` (PHP/Rails-style
 * spellings of known names) always: ignoring them would quietly widen the
 * search. Any other unknown name only when `strict` (the API, where a typo
 * must not pass for "no filter"); pages tolerate tracking parameters.
 */
export function parameterNameProblems(raw: RawQuery, strict: boolean): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const name of Object.keys(raw)) {
    if (SEARCH_PARAMETERS.has(name)) continue;
    const base = /^([^[\]]+)\[/.exec(name)?.[1];
    if (base && SEARCH_PARAMETERS.has(base)) problems[name] = `use ${base}=… (repeat it for several values)`;
    else if (strict) problems[name] = 'unknown parameter';
  }
  return problems;
}

/** Repeated parameters arrive as arrays; anything that is neither string nor array of strings is refused. */
function values(raw: RawQuery, name: string, problems: Record<string, string>): string[] {
  const value = raw[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string')) {
    problems[name] = 'expected text';
    return [];
  }
  return (list as string[]).flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

function single(raw: RawQuery, name: string, problems: Record<string, string>): string | undefined {
  // A repeated single-valued parameter (page=1&page=2) is a mistake to name, never one value quietly chosen.
  const given = raw[name];
  if (Array.isArray(given) && given.length > 1) {
    problems[name] = 'expected one value';
    return undefined;
  }
  const list = values(raw, name, problems);
  if (list.length > 1 && name !== 'bbox' && name !== 'near') problems[name] = 'expected one value';
  return name === 'bbox' || name === 'near' ? (list.length > 0 ? list.join(',') : undefined) : list[0];
}

function parseNumberList(text: string, count: number): number[] | undefined {
  const parts = text.split(',');
  if (parts.length !== count) return undefined;
  const numbers = parts.map((part) => (/^-?\d{1,3}(\.\d{1,10})?$/.test(part.trim()) ? Number(part) : Number.NaN));
  return numbers.every(Number.isFinite) ? numbers : undefined;
}

function validLatLng(lat: number, lng: number): boolean {
  return lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
}

function parseFlag(raw: RawQuery, name: string, problems: Record<string, string>): boolean {
  const value = single(raw, name, problems);
  if (value === undefined || value === '' || value === '0' || value === 'false' || value === 'no') return false;
  if (value === '1' || value === 'true' || value === 'yes' || value === 'on') return true;
  problems[name] = `unknown value: ${value.slice(0, 40)}`;
  return false;
}

/** A whole number from `min` to `max` in one parameter; anything else is a problem, never a wider search. */
function parseBoundedInteger(raw: RawQuery, name: string, bounds: { min: number; max: number }, problems: Record<string, string>): number | null {
  const value = single(raw, name, problems);
  if (value === undefined) return null;
  const number = Number(value);
  if (/^\d{1,4}$/.test(value) && number >= bounds.min && number <= bounds.max) return number;
  problems[name] = `expected a whole number from ${bounds.min} to ${bounds.max}`;
  return null;
}

/** Strips control characters and the replacement character from broken UTF-8; bounds the length. */
function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\ufffd]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

/**
 * Parses query parameters into a SearchQuery. Values are checked against the
 * taxonomy and fixed lists; numbers are parsed and bounded. Nothing unchecked
 * ever reaches a filter.
 */
export function parseSearchQuery(raw: RawQuery, taxonomy: Taxonomy, now: Date = new Date(), options: { strictNames?: boolean } = {}): ParsedSearchQuery {
  const problems: Record<string, string> = parameterNameProblems(raw, options.strictNames ?? false);
  const query = emptyQuery();
  let impossible = false;

  const rawQ = raw.q;
  if (rawQ !== undefined && typeof rawQ !== 'string') problems.q = 'expected one text';
  else if (typeof rawQ === 'string') query.q = cleanText(rawQ);

  for (const [name, vocabulary] of Object.entries(TERM_FILTERS) as Array<[TermFilter, Vocabulary]>) {
    const given = values(raw, name, problems).slice(0, MAX_VALUES_PER_FILTER);
    const known = [...new Set(given.filter((slug) => taxonomy.has(vocabulary, slug)))];
    const unknown = given.filter((slug) => !taxonomy.has(vocabulary, slug));
    if (unknown.length > 0) {
      problems[name] = `unknown value: ${unknown.slice(0, 3).map((v) => v.slice(0, 40)).join(', ')}`;
      if (known.length === 0) impossible = true;
    }
    query[name] = known;
  }

  const pick = <T extends string>(name: 'cost' | 'format', allowed: readonly T[]): T[] => {
    const given = values(raw, name, problems);
    const unknown = given.filter((value) => !allowed.includes(value as T));
    if (unknown.length > 0) {
      problems[name] = `unknown value: ${unknown.slice(0, 3).map((v) => v.slice(0, 40)).join(', ')}`;
      if (unknown.length === given.length) impossible = true;
    }
    return [...new Set(given.filter((value): value is T => allowed.includes(value as T)))];
  };
  query.cost = pick('cost', COSTS);
  query.format = pick('format', FORMATS);

  const weekdays = values(raw, 'weekday', problems);
  const validDays = weekdays.filter((day) => /^[1-7]$/.test(day)).map(Number);
  if (validDays.length !== weekdays.length) {
    problems.weekday = 'expected 1 (Monday) to 7 (Sunday)';
    if (validDays.length === 0) impossible = true;
  }
  query.weekday = [...new Set(validDays)].sort();

  query.childcare = parseFlag(raw, 'childcare', problems);
  query.accessible = parseFlag(raw, 'accessible', problems);
  query.women = parseFlag(raw, 'women', problems);
  query.age = parseBoundedInteger(raw, 'age', { min: 0, max: MAX_AGE }, problems);
  query.startsWithin = parseBoundedInteger(raw, 'startsWithin', { min: 1, max: MAX_STARTS_WITHIN_DAYS }, problems);
  if (query.startsWithin !== null) query.startsFrom = localIsoDate(now);

  const near = single(raw, 'near', problems);
  if (near !== undefined) {
    const numbers = parseNumberList(near, 2);
    if (numbers && validLatLng(numbers[0]!, numbers[1]!)) query.near = { lat: numbers[0]!, lng: numbers[1]! };
    else problems.near = 'expected latitude,longitude';
  }
  const radius = single(raw, 'radius', problems);
  if (radius !== undefined) {
    const km = Number(radius);
    if (/^\d{1,3}(\.\d+)?$/.test(radius) && km > 0 && km <= 200) query.radiusKm = km;
    else problems.radius = 'expected kilometres between 0 and 200';
  }
  if (query.radiusKm !== null && query.near === null && !problems.near) problems.radius = 'needs near';

  const bbox = single(raw, 'bbox', problems);
  if (bbox !== undefined) {
    const numbers = parseNumberList(bbox, 4);
    const [south, west, north, east] = numbers ?? [];
    if (numbers && validLatLng(south!, west!) && validLatLng(north!, east!) && south! < north! && west! < east!) {
      query.bbox = { south: south!, west: west!, north: north!, east: east! };
    } else problems.bbox = 'expected south,west,north,east';
  }

  const sort = single(raw, 'sort', problems);
  if (sort !== undefined) {
    if ((SORTS as readonly string[]).includes(sort)) query.sort = sort as SearchSort;
    else problems.sort = `expected one of ${SORTS.join(', ')}`;
  }
  if (query.sort === 'distance' && !query.near) query.sort = 'relevance';

  const page = single(raw, 'page', problems);
  if (page !== undefined) {
    const number = Number(page);
    if (/^\d{1,4}$/.test(page) && number >= 1 && number <= MAX_PAGE) query.page = number;
    else problems.page = `expected a page from 1 to ${MAX_PAGE}`;
  }
  return { query, problems, impossible };
}

/** The query string for a SearchQuery: the shareable URL of a search. Defaults are left out. */
export function toSearchParams(query: SearchQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const name of Object.keys(TERM_FILTERS) as TermFilter[]) for (const value of query[name]) params.append(name, value);
  for (const value of query.cost) params.append('cost', value);
  for (const value of query.weekday) params.append('weekday', String(value));
  for (const value of query.format) params.append('format', value);
  for (const flag of FLAG_FILTERS) if (query[flag]) params.set(flag, '1');
  if (query.age !== null) params.set('age', String(query.age));
  if (query.startsWithin !== null) params.set('startsWithin', String(query.startsWithin));
  if (query.near) params.set('near', `${query.near.lat},${query.near.lng}`);
  if (query.radiusKm !== null) params.set('radius', String(query.radiusKm));
  if (query.bbox) params.set('bbox', [query.bbox.south, query.bbox.west, query.bbox.north, query.bbox.east].join(','));
  if (query.sort !== 'relevance') params.set('sort', query.sort);
  if (query.page > 1) params.set('page', String(query.page));
  return params;
}
