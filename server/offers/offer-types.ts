/** Offer lifecycle (HSDS service status, extended for moderation). */
/** `expired`: hidden because nobody confirmed it was still current; it comes back when confirmed. */
export const OFFER_STATUSES = ['draft', 'pending', 'published', 'rejected', 'archived', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const COSTS = ['free', 'reduced', 'paid'] as const;
export type Cost = (typeof COSTS)[number];

export const FORMATS = ['in-person', 'online', 'hybrid'] as const;
export type OfferFormat = (typeof FORMATS)[number];

export interface ScheduleSlot {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local time "HH:MM". */
  opensAt: string;
  closesAt: string;
}

export interface OfferTranslation {
  locale: string;
  title: string;
  summary: string;
  description: string;
}

export interface Location {
  id: number;
  providerId: number;
  name: string;
  street: string;
  postcode: string;
  city: string;
  district: string;
  latitude: number | null;
  longitude: number | null;
  stepFree: boolean;
}

export interface Provider {
  id: number;
  slug: string;
  name: string;
  description: string;
  kind: string;
  website: string | null;
  email: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An offer with everything it links to, as the services and mappers see it. */
export interface Offer {
  id: number;
  slug: string;
  providerId: number;
  title: string;
  summary: string;
  description: string;
  cost: Cost;
  costNote: string | null;
  ageMin: number | null;
  ageMax: number | null;
  byAppointment: boolean;
  format: OfferFormat;
  registrationRequired: boolean;
  childcare: boolean;
  womenOnly: boolean;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
  validFrom: string | null;
  validUntil: string | null;
  status: OfferStatus;
  lastVerifiedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  categories: string[];
  targetGroups: string[];
  languages: string[];
  schedule: ScheduleSlot[];
  translations: OfferTranslation[];
  locations: Location[];
  provider: Provider;
}

/** What a caller supplies to create or replace an offer. */
export interface OfferInput {
  slug?: string;
  providerId: number;
  title: string;
  summary: string;
  description: string;
  cost: Cost;
  costNote?: string | null;
  ageMin?: number | null;
  ageMax?: number | null;
  byAppointment?: boolean;
  format: OfferFormat;
  registrationRequired?: boolean;
  childcare?: boolean;
  womenOnly?: boolean;
  contactName?: string | null;
  phone?: string | null;
  email?: string | null;
  url?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  status?: OfferStatus;
  lastVerifiedAt?: string | null;
  categories: string[];
  targetGroups: string[];
  languages: string[];
  schedule: ScheduleSlot[];
  translations?: OfferTranslation[];
  locationIds: number[];
}
