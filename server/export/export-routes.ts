import { Router, type Response } from 'express';
import type { Database } from '../db/db-connection.ts';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { vocabularySource } from '../import/import-vocabulary.ts';
import type { Region } from '../region/region-config.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import { parseSearchRequest } from '../search/search-page.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { exportPublishedOffers, exportSearchResults, type ExportFile, type ExportFormat } from './export-service.ts';

export interface ExportRouteDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  engine: SearchEngine;
  clock: () => Date;
  config: { projectRoot: string };
}

function send(response: Response, file: ExportFile): void {
  response.set('Cache-Control', 'no-store').attachment(file.fileName).type(file.contentType).send(file.buffer);
}

function formatOf(value: string | undefined): ExportFormat {
  if (value === 'csv' || value === 'xlsx') return value;
  throw new NotFoundError();
}

/** Staff export every published offer; anyone can take a search's result list along. */
export function createExportRouter(deps: ExportRouteDeps): Router {
  const router = Router();
  const vocabulary = vocabularySource(deps.taxonomy, deps.config.projectRoot);
  const today = () => deps.clock().toISOString().slice(0, 10);
  const exportDeps = () => ({ db: deps.db, engine: deps.engine, vocabulary: vocabulary() });

  router.get('/admin/export', (_request, response) => response.render('admin/export', { title: response.locals.t('export.title') }));
  router.get('/admin/export/offers.:format', async (request, response) => send(response, await exportPublishedOffers(exportDeps(), formatOf(request.params.format), today())));
  router.get('/search/export.:format', async (request, response) => {
    const format = formatOf(request.params.format);
    const parsed = parseSearchRequest(request.query, deps);
    // A bad filter never widens the list: the download is refused like the search page refuses it.
    if (Object.keys(parsed.problems).length > 0) throw new ValidationError(Object.fromEntries(Object.entries(parsed.problems).map(([field, problem]) => [field, String(problem)])));
    send(response, await exportSearchResults(exportDeps(), parsed.query, format, today()));
  });
  return router;
}
