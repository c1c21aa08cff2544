import { stringify } from 'csv-stringify/sync';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/db-connection.ts';
import type { HsdsContext } from './hsds-context.ts';
import { toHsdsOrganization } from './hsds-place-mapper.ts';
import { listReviewedLocations, pageVerifiedProviders, publishedOffers } from './hsds-repository.ts';
import { HSDS_VERSION, loadPublicOffers } from './hsds-service.ts';
import { toHsdsService } from './hsds-service-mapper.ts';
import { organizationToRows, serviceToRows, taxonomyToRows, type TableRows } from './hsds-table-mapper.ts';
import { fieldOf, HSDS_TABLES, type HsdsTableName } from './hsds-tables.ts';
import { HSDS_VOCABULARIES, toHsdsTaxonomy } from './hsds-taxonomy.ts';

const BATCH = 200;

/** Resolves once the stream took the chunk, so a large export never piles up in memory. */
function writeChunk(stream: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

class CsvTables {
  private readonly streams = new Map<HsdsTableName, WriteStream>();
  readonly counts = new Map<HsdsTableName, number>();

  constructor(private readonly folder: string) {}

  async open(): Promise<void> {
    for (const [name, table] of Object.entries(HSDS_TABLES) as Array<[HsdsTableName, (typeof HSDS_TABLES)[HsdsTableName]]>) {
      const stream = createWriteStream(path.join(this.folder, table.path), { encoding: 'utf8' });
      this.streams.set(name, stream);
      this.counts.set(name, 0);
      await writeChunk(stream, stringify([table.columns]));
    }
  }

  async write(rows: TableRows): Promise<void> {
    for (const [name, list] of Object.entries(rows) as Array<[HsdsTableName, TableRows[HsdsTableName]]>) {
      if (!list || list.length === 0) continue;
      const columns = HSDS_TABLES[name].columns;
      await writeChunk(this.streams.get(name)!, stringify(list.map((row) => columns.map((column) => row[column] ?? ''))));
      this.counts.set(name, (this.counts.get(name) ?? 0) + list.length);
    }
  }

  async close(): Promise<void> {
    for (const stream of this.streams.values()) await closeStream(stream);
  }
}

/** A JSON array written record by record. */
class JsonArray {
  private first = true;
  private readonly stream: WriteStream;
  constructor(file: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
  }
  async write(records: unknown[]): Promise<void> {
    for (const record of records) {
      await writeChunk(this.stream, `${this.first ? '[\n' : ',\n'}${JSON.stringify(record)}`);
      this.first = false;
    }
  }
  async close(): Promise<void> {
    await writeChunk(this.stream, this.first ? '[]\n' : '\n]\n');
    await closeStream(this.stream);
  }
}

/** The Frictionless description of the tables, as HSDS tabular datapackages have it. */
export function buildDatapackageDescriptor(ctx: HsdsContext, created: Date) {
  return {
    profile: 'tabular-data-package',
    name: `wegweiser-${ctx.region.slug}`,
    title: `Wegweiser ${ctx.region.name} (HSDS ${HSDS_VERSION})`,
    homepage: ctx.baseUrl,
    created: created.toISOString(),
    x_hsds_version: HSDS_VERSION,
    resources: Object.values(HSDS_TABLES).map((table) => ({
      name: table.name,
      path: table.path,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: { fields: table.columns.map(fieldOf), ...(table.columns[0] === 'id' ? { primaryKey: 'id' } : {}) },
    })),
  };
}

async function writeOrganizations(db: Database, ctx: HsdsContext, tables: CsvTables, json: JsonArray): Promise<void> {
  for (let offset = 0; ; offset += BATCH) {
    const { providers } = await pageVerifiedProviders(db, null, { offset, limit: BATCH });
    if (providers.length === 0) return;
    const locations = await listReviewedLocations(db, providers.map((provider) => provider.id));
    const organizations = providers.map((provider) => toHsdsOrganization(provider, locations.filter((location) => location.providerId === provider.id), ctx));
    await json.write(organizations);
    const rows: TableRows = {};
    for (const organization of organizations) organizationToRows(organization, rows);
    await tables.write(rows);
  }
}

async function writeServices(db: Database, ctx: HsdsContext, tables: CsvTables, json: JsonArray): Promise<void> {
  for (let afterId = 0; ; ) {
    const ids = (await publishedOffers(db, {}).where('offers.id', '>', afterId).orderBy('offers.id').limit(BATCH).select('offers.id')).map((row: { id: number }) => row.id);
    if (ids.length === 0) return;
    const services = (await loadPublicOffers(db, ids)).map((offer) => toHsdsService(offer, ctx));
    await json.write(services);
    const rows: TableRows = {};
    for (const service of services) serviceToRows(service, rows);
    await tables.write(rows);
    afterId = ids[ids.length - 1]!;
  }
}

/**
 * Writes the public directory as an HSDS 3.0 tabular datapackage (a CSV per
 * table and datapackage.json) and as JSON (`json/services.json` with fully
 * nested services, `json/organizations.json`, `json/taxonomies.json`,
 * `json/taxonomy_terms.json`). Services are read and written in batches.
 */
export async function writeHsdsDatapackage(db: Database, ctx: HsdsContext, folder: string, now: Date): Promise<Record<string, number>> {
  await mkdir(path.join(folder, 'json'), { recursive: true });
  const tables = new CsvTables(folder);
  await tables.open();
  const services = new JsonArray(path.join(folder, 'json', 'services.json'));
  const organizations = new JsonArray(path.join(folder, 'json', 'organizations.json'));
  try {
    await writeOrganizations(db, ctx, tables, organizations);
    await writeServices(db, ctx, tables, services);
    const taxonomies = HSDS_VOCABULARIES.map((vocabulary) => toHsdsTaxonomy(vocabulary, ctx.ids, ctx.baseUrl));
    const terms = ctx.terms.all().map((term) => ctx.terms.toTerm(term));
    await tables.write(taxonomyToRows(taxonomies, terms));
    await writeFile(path.join(folder, 'json', 'taxonomies.json'), `${JSON.stringify(taxonomies, null, 1)}\n`);
    await writeFile(path.join(folder, 'json', 'taxonomy_terms.json'), `${JSON.stringify(terms, null, 1)}\n`);
  } finally {
    await Promise.all([tables.close(), services.close(), organizations.close()]);
  }
  await writeFile(path.join(folder, 'datapackage.json'), `${JSON.stringify(buildDatapackageDescriptor(ctx, now), null, 2)}\n`);
  return Object.fromEntries(tables.counts);
}
