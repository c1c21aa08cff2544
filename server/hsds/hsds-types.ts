/**
 * HSDS 3.0 record shapes as Wegweiser writes them (a subset of the official
 * schemas; optional fields are left out rather than sent as null, because the
 * schemas allow no null). Fields starting with `x_` are Wegweiser extensions,
 * documented in docs/HSDS.md.
 */

/** Extension: a record's texts in another language (`language` is an ISO 639-1 code). */
export interface HsdsTranslation {
  language: string;
  name?: string;
  summary?: string;
  description?: string;
  registration_note?: string;
  bring_along?: string;
}

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  uri?: string;
  version?: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code?: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy?: string;
  taxonomy_id?: string;
  language?: string;
  term_uri?: string;
  x_translations?: HsdsTranslation[];
}

export interface HsdsAttribute {
  id: string;
  link_id: string;
  taxonomy_term_id: string;
  link_type?: string;
  link_entity: string;
  value?: string;
  taxonomy_term?: HsdsTaxonomyTerm;
}

export interface HsdsPhone {
  id: string;
  number: string;
  service_id?: string;
  organization_id?: string;
  location_id?: string;
  contact_id?: string;
  type?: string;
}

export interface HsdsContact {
  id: string;
  service_id?: string;
  organization_id?: string;
  name?: string;
  email?: string;
}

export interface HsdsSchedule {
  id: string;
  service_id?: string;
  valid_from?: string;
  valid_to?: string;
  dtstart?: string;
  until?: string;
  wkst?: 'MO';
  freq?: 'WEEKLY';
  interval?: number;
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  description?: string;
  attending_type?: string;
  notes?: string;
}

export interface HsdsCostOption {
  id: string;
  service_id: string;
  option?: string;
  currency?: string;
  amount?: number;
  amount_description?: string;
}

export interface HsdsLanguage {
  id: string;
  service_id?: string;
  name?: string;
  code?: string;
}

export interface HsdsAddress {
  id: string;
  location_id: string;
  address_1: string;
  city: string;
  region?: string;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: 'physical';
}

export interface HsdsLocation {
  id: string;
  location_type: 'physical' | 'virtual';
  organization_id?: string;
  name?: string;
  description?: string;
  latitude?: number;
  longitude?: number;
  external_identifier?: string;
  external_identifier_type?: string;
  addresses?: HsdsAddress[];
  accessibility?: Array<{ id: string; location_id: string; description: string }>;
  attributes?: HsdsAttribute[];
}

export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  uri?: string;
  phones?: HsdsPhone[];
  locations?: HsdsLocation[];
  organization_identifiers?: Array<{ id: string; organization_id: string; identifier_scheme?: string; identifier_type: string; identifier: string }>;
  attributes?: HsdsAttribute[];
  services?: HsdsService[];
}

export interface HsdsServiceAtLocation {
  id: string;
  service_id: string;
  location_id: string;
  description?: string;
  location?: HsdsLocation;
  service?: HsdsService;
  schedules?: HsdsSchedule[];
  phones?: HsdsPhone[];
  contacts?: HsdsContact[];
  attributes?: HsdsAttribute[];
}

/** A service; list answers carry only its one-to-one fields and the organization. */
export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  description?: string;
  url?: string;
  email?: string;
  status: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  interpretation_services?: string;
  application_process?: string;
  fees_description?: string;
  eligibility_description?: string;
  minimum_age?: number;
  maximum_age?: number;
  assured_date?: string;
  last_modified?: string;
  organization?: HsdsOrganization;
  phones?: HsdsPhone[];
  schedules?: HsdsSchedule[];
  service_areas?: Array<{ id: string; service_id: string; name: string; extent_type?: string }>;
  service_at_locations?: HsdsServiceAtLocation[];
  languages?: HsdsLanguage[];
  cost_options?: HsdsCostOption[];
  required_documents?: Array<{ id: string; service_id: string; document: string }>;
  contacts?: HsdsContact[];
  attributes?: HsdsAttribute[];
  x_summary?: string;
  x_page_url?: string;
  x_valid_from?: string;
  x_valid_until?: string;
  x_start_date?: string;
  x_end_date?: string;
  x_next_start_date?: string;
  x_registration_note?: string;
  x_source?: string;
  x_external_id?: string;
  x_translations?: HsdsTranslation[];
}

/** The profile's paging envelope. */
export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}
