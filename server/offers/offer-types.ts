/** Offer lifecycle (HSDS service status, extended for moderation). */
/** `expired`: hidden because nobody confirmed it was still current; it comes back when confirmed. */
export const OFFER_STATUSES = ['draft', 'pending', 'published', 'rejected', 'archived', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** `unknown`: "bitte erfragen", the default for imports; a `free` filter never matches it. */
export const COSTS = ['free', 'reduced', 'paid', 'unknown'] as const;
export type Cost = (typeof COSTS)[number];

export const FORMATS = ['in-person', 'online', 'hybrid'] as const;
export type OfferFormat = (typeof FORMATS)[number];

/** Ways to register for an offer. */
export const REGISTRATION_METHODS = ['walk-in', 'phone', 'email', 'online', 'counsellor'] as const;
export type RegistrationMethod = (typeof REGISTRATION_METHODS)[number];

/** How exact a place's pin is: at the address, somewhere in the street, or at the postcode's or town's centre. */
export const GEO_PRECISIONS = ['exact', 'street', 'postcode', 'town'] as const;
export type GeoPrecision = (typeof GEO_PRECISIONS)[number];

export interface ScheduleSlot {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local time "HH:MM". */
  opensAt: string;
  closesAt: string;
  /** Only every other week ("14-täglich"). Always set on offers read from storage; missing in an input means every week. */
  everyOtherWeek?: boolean;
}

/** Where a machine translation came from; human translations have none. */
export interface MachineProvenance {
  /** The service that made it: `deepl` or `libretranslate`. */
  provider: string;
  madeAt: string;
  /** Hash of the German texts it was made from (`translation-source.ts`); another hash means it is stale. */
  sourceHash: string;
}

export interface OfferTranslation {
  locale: string;
  title: string;
  summary: string;
  description: string;
  registrationNote?: string | null;
  bringAlong?: string | null;
  /** Set only on machine translations ("maschinell übersetzt"). */
  machine?: MachineProvenance;
}

export interface Location {
  id: number;
  providerId: number;
  name: string;
  /** Null when the list gave none (a town only, or a postcode only). */
  street: string | null;
  postcode: string | null;
  city: string;
  district: string;
  latitude: number | null;
  longitude: number | null;
  stepFree: boolean;
  /** The address is given on request only: pages show the town, never street or pin. */
  addressOnRequest: boolean;
  precision: GeoPrecision;
  externalId: string | null;
  source: string | null;
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
  externalId: string | null;
  source: string | null;
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
  scheduleNote: string | null;
  /** Dated courses, ISO YYYY-MM-DD; not the publication validity. */
  startDate: string | null;
  endDate: string | null;
  nextStartDate: string | null;
  /** One can join a running course. */
  rollingEntry: boolean;
  format: OfferFormat;
  registrationRequired: boolean;
  registrationMethods: RegistrationMethod[];
  registrationNote: string | null;
  /** What to bring, free text. */
  bringAlong: string | null;
  interpreterOnRequest: boolean;
  childcare: boolean;
  womenOnly: boolean;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
  validFrom: string | null;
  validUntil: string | null;
  externalId: string | null;
  source: string | null;
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
  scheduleNote?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  nextStartDate?: string | null;
  rollingEntry?: boolean;
  format: OfferFormat;
  registrationRequired?: boolean;
  registrationMethods?: RegistrationMethod[];
  registrationNote?: string | null;
  bringAlong?: string | null;
  interpreterOnRequest?: boolean;
  childcare?: boolean;
  womenOnly?: boolean;
  contactName?: string | null;
  phone?: string | null;
  email?: string | null;
  url?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  externalId?: string | null;
  source?: string | null;
  status?: OfferStatus;
  lastVerifiedAt?: string | null;
  categories: string[];
  targetGroups: string[];
  languages: string[];
  schedule: ScheduleSlot[];
  translations?: OfferTranslation[];
  locationIds: number[];
}
