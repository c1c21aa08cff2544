/**
 * The HSDS 3.0 tables Wegweiser exports and reads, with their columns in the
 * order of the official table schemas. Columns starting with `x_` are
 * Wegweiser extensions (docs/HSDS.md); other HSDS readers ignore them.
 */
export interface HsdsTable {
  name: string;
  path: string;
  columns: string[];
}

const table = (name: string, path: string, columns: string): HsdsTable => ({ name, path, columns: columns.split(/\s+/).filter(Boolean) });

export const HSDS_TABLES = {
  organization: table('organization', 'organizations.csv', 'id name alternate_name description email website tax_status tax_id year_incorporated legal_status logo uri parent_organization_id'),
  service: table(
    'service',
    'services.csv',
    `id organization_id program_id name alternate_name description url email status interpretation_services application_process
     fees_description wait_time fees accreditations eligibility_description minimum_age maximum_age assured_date assurer_email licenses alert last_modified
     x_summary x_page_url x_valid_from x_valid_until x_start_date x_end_date x_next_start_date x_registration_note x_source x_external_id`,
  ),
  service_at_location: table('service_at_location', 'service_at_location.csv', 'id service_id location_id description'),
  location: table('location', 'locations.csv', 'id location_type url organization_id name alternate_name description transportation latitude longitude external_identifier external_identifier_type'),
  address: table('address', 'addresses.csv', 'id location_id attention address_1 address_2 city region state_province postal_code country address_type'),
  phone: table('phone', 'phones.csv', 'id location_id service_id organization_id contact_id service_at_location_id number extension type description'),
  contact: table('contact', 'contacts.csv', 'id organization_id service_id service_at_location_id location_id name title department email'),
  schedule: table(
    'schedule',
    'schedules.csv',
    `id service_id location_id service_at_location_id valid_from valid_to dtstart timezone until count wkst freq interval byday byweekno bymonthday byyearday
     description opens_at closes_at schedule_link attending_type notes`,
  ),
  service_area: table('service_area', 'service_areas.csv', 'id service_id name description extent extent_type uri'),
  language: table('language', 'languages.csv', 'id service_id location_id phone_id name code note'),
  cost_option: table('cost_option', 'cost_options.csv', 'id service_id valid_from valid_to option currency amount amount_description'),
  required_document: table('required_document', 'required_documents.csv', 'id service_id document uri'),
  accessibility: table('accessibility', 'accessibility.csv', 'id location_id description details url'),
  organization_identifier: table('organization_identifier', 'organization_identifiers.csv', 'id organization_id identifier_scheme identifier_type identifier'),
  attribute: table('attribute', 'attributes.csv', 'id link_id taxonomy_term_id link_type link_entity value'),
  taxonomy: table('taxonomy', 'taxonomies.csv', 'id name description uri version'),
  taxonomy_term: table('taxonomy_term', 'taxonomy_terms.csv', 'id code name description parent_id taxonomy language taxonomy_id term_uri'),
  x_service_translation: table('x_service_translation', 'x_service_translations.csv', 'service_id language name summary description registration_note bring_along'),
} satisfies Record<string, HsdsTable>;

export type HsdsTableName = keyof typeof HSDS_TABLES;
export type HsdsRow = Record<string, string | number | undefined>;

const NUMBER_COLUMNS = new Set(['latitude', 'longitude', 'minimum_age', 'maximum_age', 'amount', 'interval', 'extension', 'timezone', 'count', 'year_incorporated']);
const DATE_COLUMNS = new Set(['valid_from', 'valid_to', 'dtstart', 'until', 'assured_date', 'x_valid_from', 'x_valid_until', 'x_start_date', 'x_end_date', 'x_next_start_date']);

/** A Frictionless field description for a column. */
export function fieldOf(column: string): { name: string; type: string; format?: string } {
  if (NUMBER_COLUMNS.has(column)) return { name: column, type: 'number' };
  if (DATE_COLUMNS.has(column)) return { name: column, type: 'date' };
  if (column === 'last_modified') return { name: column, type: 'datetime' };
  if (column === 'id' || (column.endsWith('_id') && !column.startsWith('x_') && column !== 'tax_id')) return { name: column, type: 'string', format: 'uuid' };
  return { name: column, type: 'string' };
}

/** Converts a CSV cell back to the type its column has in the schemas (numbers), leaving out empty cells. */
export function typedRow(row: Record<string, string>): HsdsRow {
  const typed: HsdsRow = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === '' || value === undefined) continue;
    typed[column] = NUMBER_COLUMNS.has(column) && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return typed;
}
