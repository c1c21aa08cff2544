import type { Database } from '../db/db-connection.ts';
import { SearchUnavailableError } from '../errors/app-errors.ts';
import type { SheetRow } from '../import/import-columns.ts';
import type { Vocabulary } from '../import/import-vocabulary.ts';
import { findOffersByIds, listPublishedOfferIds } from '../offers/offer-repository.ts';
import { toPublicOffer } from '../offers/offer-public.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import { OFFERS_INDEX } from '../search/offer-search-index.ts';
import { buildFilter, buildSort, searchesPlaces } from '../search/search-filter.ts';
import { MAX_TOTAL_HITS, QUERY_LOCALES } from '../search/search-index-settings.ts';
import type { SearchQuery } from '../search/search-query.ts';
import { offerToSheetRows } from './export-mapper.ts';
import { writeCsv, writeXlsx } from './export-writer.ts';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportDeps {
  db: Database;
  vocabulary: Vocabulary;
}

export interface ExportFile {
  buffer: Buffer;
  contentType: string;
  fileName: string;
}

const PAGE = 500;

/** `forPublic`: as a visitor may see the offers (addresses given on request stay back); staff exports keep them for re-import. */
async function rowsOf(deps: ExportDeps, ids: number[], forPublic = false): Promise<SheetRow[]> {
  const offers = (await findOffersByIds(deps.db, ids)).filter((offer) => offer.status === 'published');
  return (forPublic ? offers.map(toPublicOffer) : offers).flatMap((offer) => offerToSheetRows(offer, deps.vocabulary));
}

export async function toExportFile(rows: SheetRow[], format: ExportFormat, baseName: string): Promise<ExportFile> {
  if (format === 'csv') return { buffer: writeCsv(rows), contentType: 'text/csv; charset=utf-8', fileName: `${baseName}.csv` };
  return { buffer: await writeXlsx(rows, { sheetName: 'Angebote' }), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${baseName}.xlsx` };
}

/** Every published offer, in the import template's columns, read from SQLite in pages. */
export async function exportPublishedOffers(deps: ExportDeps, format: ExportFormat, today: string): Promise<ExportFile> {
  const rows: SheetRow[] = [];
  for (let afterId = 0; ; ) {
    const ids = await listPublishedOfferIds(deps.db, afterId, PAGE);
    if (ids.length === 0) break;
    rows.push(...(await rowsOf(deps, ids)));
    afterId = ids[ids.length - 1]!;
  }
  return toExportFile(rows, format, `wegweiser-angebote-${today}`);
}

/** The offer ids of a search in result order (at most MAX_TOTAL_HITS), ids only. */
async function searchOfferIds(engine: SearchEngine, query: SearchQuery): Promise<number[]> {
  const index = engine.client.index(engine.indexUid(OFFERS_INDEX));
  const ids: number[] = [];
  for (let offset = 0; offset < MAX_TOTAL_HITS; offset += 1000) {
    const result = await index.search(query.q, {
      filter: buildFilter(query) || undefined,
      sort: buildSort(query),
      locales: QUERY_LOCALES,
      attributesToRetrieve: ['offerId'],
      offset,
      limit: 1000,
      ...(searchesPlaces(query) ? { distinct: 'offerId' } : {}),
    });
    ids.push(...result.hits.map((hit) => Number(hit.offerId)));
    if (result.hits.length < 1000) break;
  }
  return [...new Set(ids)];
}

/** The current result list of a search, for social workers to take along; the offers' data comes from SQLite. */
export async function exportSearchResults(deps: ExportDeps & { engine: SearchEngine }, query: SearchQuery, format: ExportFormat, today: string): Promise<ExportFile> {
  const ids = await searchOfferIds(deps.engine, query).catch((error: unknown) => {
    throw new SearchUnavailableError({ cause: error });
  });
  const rows: SheetRow[] = [];
  for (let i = 0; i < ids.length; i += PAGE) rows.push(...(await rowsOf(deps, ids.slice(i, i + PAGE), true)));
  return toExportFile(rows, format, `wegweiser-suche-${today}`);
}
