import { parse } from 'csv-parse/sync';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../errors/app-errors.ts';
import { HSDS_TABLES, typedRow, type HsdsRow, type HsdsTableName } from './hsds-tables.ts';

/** The tables of an HSDS datapackage, each row typed as in the schemas, with its CSV line for reports. */
export interface HsdsDataset {
  name: string;
  tables: Record<HsdsTableName, Array<HsdsRow & { _line: number }>>;
}

/** Table files named by datapackage.json, if it is readable; the HSDS default names otherwise. */
async function readDescriptor(folder: string): Promise<{ name: string | undefined; paths: Map<string, string> }> {
  const paths = new Map<string, string>(Object.values(HSDS_TABLES).map((table) => [table.name, table.path]));
  const descriptor = path.join(folder, 'datapackage.json');
  if (!existsSync(descriptor)) return { name: undefined, paths };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(descriptor, 'utf8'));
  } catch {
    // The official examples ship a link placeholder instead of a descriptor; fall back to the standard names.
    return { name: undefined, paths };
  }
  const { name, resources } = (parsed ?? {}) as { name?: unknown; resources?: unknown };
  for (const resource of Array.isArray(resources) ? resources : []) {
    const { name, path: file } = (resource ?? {}) as { name?: unknown; path?: unknown };
    if (typeof name === 'string' && typeof file === 'string') paths.set(name, file);
  }
  return { name: typeof name === 'string' && /^[\w.-]{1,100}$/.test(name) ? name : undefined, paths };
}

/** A table path must stay inside the package folder. */
function insideFolder(folder: string, file: string, table: string): string {
  const resolved = path.resolve(folder, file);
  if (!resolved.startsWith(path.resolve(folder) + path.sep)) throw new ValidationError({ [`datapackage.json:${table}`]: 'path leaves the package folder' }, 'errors.badRequest');
  return resolved;
}

async function readTable(file: string, table: string): Promise<Array<HsdsRow & { _line: number }>> {
  if (!existsSync(file)) return [];
  let records: Array<Record<string, string>>;
  try {
    records = parse(await readFile(file), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new ValidationError({ [path.basename(file)]: `not readable as CSV: ${(error as Error).message.slice(0, 200)}` }, 'errors.badRequest');
  }
  return records.map((record, index) => ({ ...typedRow(record), _line: index + 2 }));
}

/** Reads an HSDS 3.0 tabular datapackage from a folder (missing tables are empty). */
export async function readHsdsDatapackage(folder: string): Promise<HsdsDataset> {
  const { name, paths } = await readDescriptor(folder);
  const tables = {} as HsdsDataset['tables'];
  for (const name of Object.keys(HSDS_TABLES) as HsdsTableName[]) {
    tables[name] = await readTable(insideFolder(folder, paths.get(name)!, name), name);
  }
  return { name: name ?? path.basename(path.resolve(folder)), tables };
}
