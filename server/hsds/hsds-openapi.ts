import { HSDS_ENDPOINT_PARAMETERS, type HsdsParameter } from './hsds-query.ts';

const SCHEMAS = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema';

const PARAMETER_DOCS: Record<HsdsParameter, { description: string; type: 'string' | 'integer' | 'boolean'; format?: string }> = {
  search: { description: 'Volltextsuche (Teilwort, ohne Beachtung der Groß- und Kleinschreibung).', type: 'string' },
  page: { description: 'Seite, ab 1.', type: 'integer' },
  per_page: { description: 'Einträge je Seite, 1 bis 1000 (Standard 50).', type: 'integer' },
  format: { description: 'Nur `json`.', type: 'string' },
  taxonomy_term_id: { description: 'Nur Einträge mit diesem Begriff (ein Thema schließt seine Unterthemen ein).', type: 'string', format: 'uuid' },
  taxonomy_id: { description: 'Nur Einträge mit einem Begriff dieser Taxonomie.', type: 'string', format: 'uuid' },
  organization_id: { description: 'Nur Angebote dieses Trägers.', type: 'string', format: 'uuid' },
  modified_after: { description: 'Nur Einträge, die an oder nach diesem Zeitpunkt geändert wurden (ISO 8601).', type: 'string', format: 'date-time' },
  minimal: { description: 'Nur id, name, status und last_modified.', type: 'boolean' },
  full: { description: 'Vollständig verschachtelte Einträge.', type: 'boolean' },
  full_service: { description: 'Angebote des Trägers vollständig verschachtelt.', type: 'boolean' },
  postcode: { description: 'Nur Orte mit dieser Postleitzahl, mit `proximity` im Umkreis ihres Mittelpunkts.', type: 'string' },
  proximity: { description: 'Umkreis in Metern um den Mittelpunkt von `postcode`.', type: 'integer' },
  top_only: { description: 'Nur Begriffe der obersten Ebene.', type: 'boolean' },
  parent_id: { description: 'Nur Unterbegriffe dieses Begriffs.', type: 'string', format: 'uuid' },
};

const page = (items: string) => ({
  type: 'object',
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  properties: {
    total_items: { type: 'integer' },
    total_pages: { type: 'integer' },
    page_number: { type: 'integer' },
    size: { type: 'integer' },
    first_page: { type: 'boolean' },
    last_page: { type: 'boolean' },
    empty: { type: 'boolean' },
    contents: { type: 'array', items: { $ref: `${SCHEMAS}/${items}` } },
  },
});

function operation(summary: string, parameters: readonly HsdsParameter[], schema: object) {
  return {
    get: {
      summary,
      parameters: parameters.map((name) => ({ name, in: 'query', required: false, description: PARAMETER_DOCS[name].description, schema: { type: PARAMETER_DOCS[name].type, ...(PARAMETER_DOCS[name].format ? { format: PARAMETER_DOCS[name].format } : {}) } })),
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema } } },
        400: { description: 'Ungültiger Parameter; `error.fields` nennt ihn.' },
        404: { description: 'Kein öffentlicher Eintrag mit dieser id.' },
      },
    },
  };
}

const byId = (summary: string, schema: string, parameters: readonly HsdsParameter[] = []) => ({
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
  ...operation(summary, parameters, { $ref: `${SCHEMAS}/${schema}` }),
});

/** The OpenAPI description of Wegweiser's HSDS API, following Open Referral's profile. */
export function buildHsdsOpenApi(baseUrl: string) {
  const P = HSDS_ENDPOINT_PARAMETERS;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wegweiser – HSDS 3.0',
      version: '3.0',
      summary: 'Angebote, Träger und Orte des Wegweisers im Format Open Referral HSDS 3.0.',
      description: 'Nur veröffentlichte Angebote geprüfter Träger an geprüften Orten. Ohne Schlüssel, für jede Herkunft (CORS). Zuordnung und Erweiterungen (`x_…`): docs/HSDS.md.',
      license: { name: 'Daten: siehe Impressum des Betreibers; Schemas: Open Referral, CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: `${baseUrl}/api/hsds` }],
    paths: {
      '/': { get: { summary: 'Version, Profil und diese Beschreibung', responses: { 200: { description: 'OK' } } } },
      '/services': operation('Angebote (Seiten)', P.services, page('compiled/service_list.json')),
      '/services/{id}': byId('Ein Angebot, vollständig', 'compiled/service.json'),
      '/organizations': operation('Träger (Seiten)', P.organizations, page('compiled/organization_list.json')),
      '/organizations/{id}': byId('Ein Träger mit Orten und Angeboten', 'compiled/organization.json', P.organization),
      '/service_at_locations': operation('Angebote an Orten (Seiten)', P.serviceAtLocations, page('compiled/service_at_location_list.json')),
      '/service_at_locations/{id}': byId('Ein Angebot an einem Ort, vollständig', 'compiled/service_at_location.json'),
      '/taxonomies': operation('Taxonomien', P.taxonomies, page('taxonomy.json')),
      '/taxonomies/{id}': byId('Eine Taxonomie', 'taxonomy.json'),
      '/taxonomy_terms': operation('Begriffe', P.taxonomyTerms, page('taxonomy_term.json')),
      '/taxonomy_terms/{id}': byId('Ein Begriff', 'taxonomy_term.json'),
    },
  };
}
