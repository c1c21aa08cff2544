import type { Location, Offer, OfferInput, Provider } from './offer-types.ts';

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
  format: string;
  registration_required: number | boolean;
  childcare: number | boolean;
  women_only: number | boolean;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
  valid_from: string | null;
  valid_until: string | null;
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
  created_at: string;
  updated_at: string;
}

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    street: row.street,
    postcode: row.postcode,
    city: row.city,
    district: row.district,
    latitude: row.latitude,
    longitude: row.longitude,
    stepFree: Boolean(row.step_free),
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
    format: row.format as Offer['format'],
    registrationRequired: Boolean(row.registration_required),
    childcare: Boolean(row.childcare),
    womenOnly: Boolean(row.women_only),
    contactName: row.contact_name,
    phone: row.phone,
    email: row.email,
    url: row.url,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: row.status as Offer['status'],
    lastVerifiedAt: row.last_verified_at,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...relations,
  };
}

/** The offers-table columns for an input; timestamps and status are set by the service. */
export function toOfferColumns(input: OfferInput): Omit<OfferRow, 'id' | 'slug' | 'status' | 'published_at' | 'created_at' | 'updated_at'> {
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
    format: input.format,
    registration_required: input.registrationRequired ?? false,
    childcare: input.childcare ?? false,
    women_only: input.womenOnly ?? false,
    contact_name: input.contactName ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    url: input.url ?? null,
    valid_from: input.validFrom ?? null,
    valid_until: input.validUntil ?? null,
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
