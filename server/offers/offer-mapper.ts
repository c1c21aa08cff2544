import type { LocationInput } from '../providers/provider-repository.ts';
import { GEO_PRECISIONS, REGISTRATION_METHODS, type GeoPrecision, type Location, type Offer, type OfferInput, type Provider, type RegistrationMethod } from './offer-types.ts';

export interface OfferRow {
  id: number;
  slug: string;
  provider_id: number;
  title: string;
  summary: string;
  description: string;
  cost: string;
  cost_note: string | null;
  age_min: number | null;
  age_max: number | null;
  by_appointment: number | boolean;
  schedule_note: string | null;
  start_date: string | null;
  end_date: string | null;
  next_start_date: string | null;
  rolling_entry: number | boolean;
  format: string;
  registration_required: number | boolean;
  /** JSON list of registration methods. */
  registration_methods: string;
  registration_note: string | null;
  bring_along: string | null;
  interpreter_on_request: number | boolean;
  childcare: number | boolean;
  women_only: number | boolean;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
  valid_from: string | null;
  valid_until: string | null;
  external_id: string | null;
  source: string | null;
  status: string;
  last_verified_at: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface LocationRow {
  id: number;
  provider_id: number;
  name: string;
  street: string;
  postcode: string;
  city: string;
  district: string;
  latitude: number | null;
  longitude: number | null;
  step_free: number | boolean;
  address_on_request: number | boolean;
  geo_precision: string;
  external_id: string | null;
  source: string | null;
}

export interface ProviderRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  kind: string;
  website: string | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  source: string | null;
  created_at: string;
  updated_at: string;
}

/** The columns are NOT NULL (SQLite cannot relax that without rebuilding the table): an empty text means "none". */
const orNull = (text: string | null | undefined): string | null => (text === null || text === undefined || text.trim() === '' ? null : text);

function toPrecision(value: string): GeoPrecision {
  return (GEO_PRECISIONS as readonly string[]).includes(value) ? (value as GeoPrecision) : 'exact';
}

/** Reads the JSON list, keeping only known values, so a hand-edited row never breaks a page. */
export function parseRegistrationMethods(json: string | null | undefined): RegistrationMethod[] {
  try {
    const list: unknown = JSON.parse(json ?? '[]');
    if (!Array.isArray(list)) return [];
    return REGISTRATION_METHODS.filter((method) => list.includes(method));
  } catch {
    return [];
  }
}

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    street: orNull(row.street),
    postcode: orNull(row.postcode),
    city: row.city,
    district: row.district,
    latitude: row.latitude,
    longitude: row.longitude,
    stepFree: Boolean(row.step_free),
    addressOnRequest: Boolean(row.address_on_request),
    precision: toPrecision(row.geo_precision),
    externalId: row.external_id ?? null,
    source: row.source ?? null,
  };
}

/** The locations-table columns for a place; the provider, review flag and timestamps are set by the caller. */
export function toLocationColumns(input: LocationInput) {
  return {
    name: input.name,
    street: input.street ?? '',
    postcode: input.postcode ?? '',
    city: input.city,
    district: input.district,
    latitude: input.latitude,
    longitude: input.longitude,
    step_free: input.stepFree,
    address_on_request: input.addressOnRequest ?? false,
    geo_precision: input.precision ?? 'exact',
    external_id: input.externalId ?? null,
    source: input.source ?? null,
  };
}

export function toProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    kind: row.kind,
    website: row.website,
    email: row.email,
    phone: row.phone,
    externalId: row.external_id ?? null,
    source: row.source ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type OfferRelations = Pick<Offer, 'categories' | 'targetGroups' | 'languages' | 'schedule' | 'translations' | 'locations' | 'provider'>;

/** Joins an offer row with its already loaded relations. */
export function toOffer(row: OfferRow, relations: OfferRelations): Offer {
  return {
    id: row.id,
    slug: row.slug,
    providerId: row.provider_id,
    title: row.title,
    summary: row.summary,
    description: row.description,
    cost: row.cost as Offer['cost'],
    costNote: row.cost_note,
    ageMin: row.age_min,
    ageMax: row.age_max,
    byAppointment: Boolean(row.by_appointment),
    scheduleNote: row.schedule_note ?? null,
    startDate: row.start_date ?? null,
    endDate: row.end_date ?? null,
    nextStartDate: row.next_start_date ?? null,
    rollingEntry: Boolean(row.rolling_entry),
    format: row.format as Offer['format'],
    registrationRequired: Boolean(row.registration_required),
    registrationMethods: parseRegistrationMethods(row.registration_methods),
    registrationNote: row.registration_note ?? null,
    bringAlong: row.bring_along ?? null,
    interpreterOnRequest: Boolean(row.interpreter_on_request),
    childcare: Boolean(row.childcare),
    womenOnly: Boolean(row.women_only),
    contactName: row.contact_name,
    phone: row.phone,
    email: row.email,
    url: row.url,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    externalId: row.external_id ?? null,
    source: row.source ?? null,
    status: row.status as Offer['status'],
    lastVerifiedAt: row.last_verified_at,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...relations,
  };
}

type OfferColumns = Omit<OfferRow, 'id' | 'slug' | 'status' | 'published_at' | 'created_at' | 'updated_at' | 'external_id' | 'source'> &
  Partial<Pick<OfferRow, 'external_id' | 'source'>>;

/**
 * The offers-table columns for an input; timestamps and status are set by the
 * service. Provenance is written only when the input names it, so editing an
 * imported offer through a form (which has no such fields) keeps where it came from.
 */
export function toOfferColumns(input: OfferInput): OfferColumns {
  return {
    provider_id: input.providerId,
    title: input.title,
    summary: input.summary,
    description: input.description,
    cost: input.cost,
    cost_note: input.costNote ?? null,
    age_min: input.ageMin ?? null,
    age_max: input.ageMax ?? null,
    by_appointment: input.byAppointment ?? false,
    schedule_note: input.scheduleNote ?? null,
    start_date: input.startDate ?? null,
    end_date: input.endDate ?? null,
    next_start_date: input.nextStartDate ?? null,
    rolling_entry: input.rollingEntry ?? false,
    format: input.format,
    registration_required: input.registrationRequired ?? false,
    registration_methods: JSON.stringify(REGISTRATION_METHODS.filter((method) => (input.registrationMethods ?? []).includes(method))),
    registration_note: input.registrationNote ?? null,
    bring_along: input.bringAlong ?? null,
    interpreter_on_request: input.interpreterOnRequest ?? false,
    childcare: input.childcare ?? false,
    women_only: input.womenOnly ?? false,
    contact_name: input.contactName ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    url: input.url ?? null,
    valid_from: input.validFrom ?? null,
    valid_until: input.validUntil ?? null,
    ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
    ...(input.source !== undefined ? { source: input.source } : {}),
    last_verified_at: input.lastVerifiedAt ?? null,
  };
}

/** Lowercase ASCII slug: "Sprachcafé „Deutsch im Alltag“" → "sprachcafe-deutsch-im-alltag". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
