import { ValidationError } from '../errors/app-errors.ts';
import { isUuid } from './hsds-ids.ts';

/** Every query parameter of the HSDS profile that Wegweiser understands. */
export const HSDS_PARAMETERS = [
  'search', 'page', 'per_page', 'format', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after',
  'minimal', 'full', 'full_service', 'postcode', 'proximity', 'top_only', 'parent_id',
] as const;
export type HsdsParameter = (typeof HSDS_PARAMETERS)[number];

const PAGING: HsdsParameter[] = ['page', 'per_page', 'format'];
const SERVICE_FILTERS: HsdsParameter[] = ['search', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after', 'full'];

/** The parameters each listing takes (the profile's, less `format=ndjson`). */
export const HSDS_ENDPOINT_PARAMETERS = {
  services: [...PAGING, ...SERVICE_FILTERS, 'minimal'],
  serviceAtLocations: [...PAGING, ...SERVICE_FILTERS, 'postcode', 'proximity'],
  organizations: [...PAGING, 'search', 'full', 'full_service'],
  organization: ['full_service'],
  taxonomies: [...PAGING, 'search'],
  taxonomyTerms: [...PAGING, 'search', 'taxonomy_id', 'top_only', 'parent_id'],
} satisfies Record<string, HsdsParameter[]>;


export interface HsdsQuery {
  search: string | null;
  page: number;
  perPage: number;
  taxonomyTermId: string | null;
  taxonomyId: string | null;
  organizationId: string | null;
  modifiedAfter: string | null;
  minimal: boolean;
  full: boolean;
  fullService: boolean;
  postcode: string | null;
  proximityMetres: number | null;
  topOnly: boolean;
  parentId: string | null;
}

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 1000;

/** Parameters the app itself reads on every address (the interface language); allowed everywhere, ignored here. */
const APP_PARAMETERS = new Set(['lang']);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function parseInteger(value: string, min: number, max: number): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const number = Number(value);
  return number >= min && number <= max ? number : undefined;
}

function parseBoolean(value: string): boolean | undefined {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

type Parser = (value: string, query: HsdsQuery) => string | undefined;

/** Each parser stores its value and answers a problem, or nothing when the value is fine. */
const PARSERS: Record<HsdsParameter, Parser> = {
  search: (value, query) => {
    const text = value.trim();
    if (text.length > 200) return 'at most 200 characters';
    query.search = text || null;
    return undefined;
  },
  page: (value, query) => ((query.page = parseInteger(value, 1, 1_000_000) ?? 0) ? undefined : 'a whole number from 1'),
  per_page: (value, query) => ((query.perPage = parseInteger(value, 1, MAX_PER_PAGE) ?? 0) ? undefined : `a whole number from 1 to ${MAX_PER_PAGE}`),
  format: (value) => (value === 'json' ? undefined : 'only json is offered'),
  taxonomy_term_id: (value, query) => uuidInto(value, (id) => (query.taxonomyTermId = id)),
  taxonomy_id: (value, query) => uuidInto(value, (id) => (query.taxonomyId = id)),
  organization_id: (value, query) => uuidInto(value, (id) => (query.organizationId = id)),
  parent_id: (value, query) => uuidInto(value, (id) => (query.parentId = id)),
  modified_after: (value, query) => {
    const time = DATE_TIME.test(value) ? new Date(value.replace(' ', 'T')) : undefined;
    if (!time || Number.isNaN(time.getTime())) return 'an ISO 8601 date or date-time';
    query.modifiedAfter = time.toISOString();
    return undefined;
  },
  minimal: (value, query) => booleanInto(value, (flag) => (query.minimal = flag)),
  full: (value, query) => booleanInto(value, (flag) => (query.full = flag)),
  full_service: (value, query) => booleanInto(value, (flag) => (query.fullService = flag)),
  top_only: (value, query) => booleanInto(value, (flag) => (query.topOnly = flag)),
  postcode: (value, query) => {
    if (!/^\d{5}$/.test(value.trim())) return 'a German postcode of five digits';
    query.postcode = value.trim();
    return undefined;
  },
  proximity: (value, query) => ((query.proximityMetres = parseInteger(value, 1, 200_000) ?? null) ? undefined : 'metres, a whole number from 1 to 200000'),
};

function uuidInto(value: string, set: (id: string) => void): string | undefined {
  if (!isUuid(value)) return 'a UUID';
  set(value.toLowerCase());
  return undefined;
}

function booleanInto(value: string, set: (flag: boolean) => void): string | undefined {
  const flag = parseBoolean(value);
  if (flag === undefined) return 'true or false';
  set(flag);
  return undefined;
}

export function emptyHsdsQuery(): HsdsQuery {
  return {
    search: null, page: 1, perPage: DEFAULT_PER_PAGE, taxonomyTermId: null, taxonomyId: null, organizationId: null, modifiedAfter: null,
    minimal: false, full: false, fullService: false, postcode: null, proximityMetres: null, topOnly: false, parentId: null,
  };
}

/**
 * Parses the query of one endpoint. A parameter the endpoint does not take, a
 * repeated one or a malformed value is a 400 that names the parameter: a typo
 * must never silently return the whole directory.
 */
export function parseHsdsQuery(raw: Record<string, unknown>, allowed: readonly HsdsParameter[]): HsdsQuery {
  const query = emptyHsdsQuery();
  const problems: Record<string, string> = {};
  const allowedSet = new Set<string>(allowed);
  for (const [name, value] of Object.entries(raw)) {
    if (APP_PARAMETERS.has(name)) continue;
    if (!allowedSet.has(name)) problems[name.slice(0, 60)] = 'not a parameter of this endpoint';
    else if (typeof value !== 'string') problems[name] = 'given more than once';
    else {
      const problem = PARSERS[name as HsdsParameter](value, query);
      if (problem) problems[name] = problem;
    }
  }
  if (query.proximityMetres !== null && query.postcode === null && !problems.postcode) problems.proximity = 'needs a postcode';
  if (Object.keys(problems).length > 0) throw new ValidationError(problems, 'errors.badRequest');
  return query;
}

/** Path ids must be UUIDs; anything else is a 400 naming `id`. */
export function parseHsdsId(value: string): string {
  if (!isUuid(value)) throw new ValidationError({ id: 'a UUID' }, 'errors.badRequest');
  return value.toLowerCase();
}
