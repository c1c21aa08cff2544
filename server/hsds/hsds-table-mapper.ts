import type { HsdsRow, HsdsTableName } from './hsds-tables.ts';
import type { HsdsAttribute, HsdsLocation, HsdsOrganization, HsdsService, HsdsTaxonomy, HsdsTaxonomyTerm } from './hsds-types.ts';

export type TableRows = Partial<Record<HsdsTableName, HsdsRow[]>>;

/** One-to-one fields only: nested arrays and objects become rows of their own tables. */
function flat(record: object): HsdsRow {
  const row: HsdsRow = {};
  for (const [key, value] of Object.entries(record)) if (typeof value === 'string' || typeof value === 'number') row[key] = value;
  return row;
}

function push(rows: TableRows, table: HsdsTableName, ...records: object[]): void {
  (rows[table] ??= []).push(...records.map(flat));
}

const attributeRows = (attributes: HsdsAttribute[] | undefined) => (attributes ?? []).map(({ taxonomy_term: _term, ...attribute }) => attribute);

function locationRows(rows: TableRows, location: HsdsLocation): void {
  push(rows, 'location', location);
  push(rows, 'address', ...(location.addresses ?? []));
  push(rows, 'accessibility', ...(location.accessibility ?? []));
  push(rows, 'attribute', ...attributeRows(location.attributes));
}

/** A fully nested service as table rows (its places come with their organizations). */
export function serviceToRows(service: HsdsService, rows: TableRows = {}): TableRows {
  push(rows, 'service', service);
  push(rows, 'phone', ...(service.phones ?? []));
  push(rows, 'schedule', ...(service.schedules ?? []));
  push(rows, 'service_area', ...(service.service_areas ?? []));
  push(rows, 'language', ...(service.languages ?? []));
  push(rows, 'cost_option', ...(service.cost_options ?? []));
  push(rows, 'required_document', ...(service.required_documents ?? []));
  push(rows, 'contact', ...(service.contacts ?? []));
  push(rows, 'attribute', ...attributeRows(service.attributes));
  push(rows, 'service_at_location', ...(service.service_at_locations ?? []));
  push(rows, 'x_service_translation', ...(service.x_translations ?? []).map((translation) => ({ service_id: service.id, ...translation })));
  return rows;
}

/** An organization with its phones, identifiers, kind and places as table rows. */
export function organizationToRows(organization: HsdsOrganization, rows: TableRows = {}): TableRows {
  push(rows, 'organization', organization);
  push(rows, 'phone', ...(organization.phones ?? []));
  push(rows, 'organization_identifier', ...(organization.organization_identifiers ?? []));
  push(rows, 'attribute', ...attributeRows(organization.attributes));
  for (const location of organization.locations ?? []) locationRows(rows, location);
  return rows;
}

export function taxonomyToRows(taxonomies: HsdsTaxonomy[], terms: HsdsTaxonomyTerm[], rows: TableRows = {}): TableRows {
  push(rows, 'taxonomy', ...taxonomies);
  push(rows, 'taxonomy_term', ...terms);
  return rows;
}
