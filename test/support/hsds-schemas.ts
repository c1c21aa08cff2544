import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'hsds');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export type HsdsSchemaFile =
  | 'compiled/service.json'
  | 'compiled/service_list.json'
  | 'compiled/organization.json'
  | 'compiled/organization_list.json'
  | 'compiled/service_at_location.json'
  | 'compiled/service_at_location_list.json'
  | 'compiled/tabular.json'
  | 'taxonomy.json'
  | 'taxonomy_term.json';

const compiled = new Map<HsdsSchemaFile, ValidateFunction>();

/**
 * One of the official HSDS schemas kept in test/fixtures/hsds (draft 2020-12),
 * compiled once per worker: compiling service.json or organization.json takes
 * seconds. The schemas carry descriptive keywords of their own (`core`,
 * `constraints`, ...), hence `strict: false`. The table schemas are added by
 * file name so that references between them resolve.
 */
export function compileHsdsSchema(file: HsdsSchemaFile): ValidateFunction {
  let validate = compiled.get(file);
  if (!validate) {
    validate = compileSchema(file);
    compiled.set(file, validate);
  }
  return validate;
}

function compileSchema(file: HsdsSchemaFile): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Table schemas refer to each other by file name (metadata.json, attribute.json, ...).
  for (const name of readdirSync(FIXTURES).filter((entry) => entry.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')), name);
  return ajv.getSchema(file) ?? ajv.compile(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')));
}

/** The validation errors of a record, readable in a failed assertion (empty when valid). */
export function hsdsErrors(validate: ValidateFunction, record: unknown): string[] {
  return validate(record) ? [] : (validate.errors ?? []).slice(0, 10).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
}

export const HSDS_FIXTURES = FIXTURES;
