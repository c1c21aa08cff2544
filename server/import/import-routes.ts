import { Router, type Request, type Response } from 'express';
import type { Database } from '../db/db-connection.ts';
import { NotFoundError } from '../errors/app-errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Region } from '../region/region-config.ts';
import { actorOf } from '../audit/audit-log.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { signedInUser } from '../web/current-user.ts';
import { multipartUpload } from '../web/multipart-upload.ts';
import { csrfProtection } from '../web/session.ts';
import { UnreadableFileError } from './import-file-reader.ts';
import { deleteUpload, loadUpload, saveUpload } from './import-file-store.ts';
import { JobRegistry } from './import-jobs.ts';
import { ImportRefusedError, previewImport, runImport, type ImportDeps, type ImportOptions, type ImportResult } from './import-service.ts';
import { buildTemplateCsv, buildTemplateXlsx } from './import-template.ts';
import { toPreviewView, toResultView } from './import-view-mapper.ts';
import { vocabularySource } from './import-vocabulary.ts';

export interface ImportRouteDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  clock: () => Date;
  notifySearch: () => void;
  logger: Logger;
  config: { dataDir: string; projectRoot: string; freshness: { months: number } };
}

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Staff choices from the preview form: `match:<file provider>` = an existing provider's id or "new". */
function readOptions(body: Record<string, unknown>): ImportOptions {
  const decisions: ImportOptions['decisions'] = {};
  for (const [field, value] of Object.entries(body ?? {})) {
    if (!field.startsWith('match:') || typeof value !== 'string') continue;
    if (value === 'new') decisions[field.slice(6)] = 'new';
    else if (/^\d{1,10}$/.test(value)) decisions[field.slice(6)] = Number(value);
  }
  return { decisions, publish: body?.publish !== 'moderate' };
}

/** Import jobs, kept in the database for every app instance; status is readable by the job's random id alone (see createImportStatusRouter). */
export function createImportJobs(deps: { db: Database; logger: Logger }): JobRegistry<ImportResult> {
  return new JobRegistry<ImportResult>(deps);
}

/**
 * The progress of an import as JSON, for the page's progress bar. It is served
 * before the session: while the import's transaction holds the database, a
 * session lookup would wait for it. The 128-bit job id is the permission.
 */
export function createImportStatusRouter(jobs: JobRegistry<ImportResult>): Router {
  const router = Router();
  router.get('/import-jobs/:id/status', async (request, response) => {
    const job = await jobs.get(String(request.params.id));
    if (!job) throw new NotFoundError();
    response.set('Cache-Control', 'no-store').json({ state: job.state, phase: job.phase, done: job.done, total: job.total });
  });
  return router;
}

export function createImportRouter(deps: ImportRouteDeps, jobs: JobRegistry<ImportResult>): Router {
  const router = Router();
  const vocabulary = vocabularySource(deps.taxonomy, deps.config.projectRoot);
  const importDeps = (): ImportDeps => ({ ...deps, vocabulary: vocabulary(), freshnessMonths: deps.config.freshness.months });
  const t = (response: Response) => response.locals.t;
  const upload = async (request: Request) => {
    const found = await loadUpload(deps.config.dataDir, String(request.params.id), deps.clock());
    if (!found) throw new NotFoundError('import.expired');
    return found;
  };
  const uploadPage = (response: Response, status = 200, error?: string) =>
    response.status(status).render('admin/import', { title: t(response)('import.title'), error: error ? t(response)(error) : undefined });

  router.get('/admin/import', (_request, response) => uploadPage(response));
  router.get('/admin/import/template.xlsx', async (_request, response) => {
    response.attachment('wegweiser-importvorlage.xlsx').type(XLSX_TYPE).send(await buildTemplateXlsx(deps.taxonomy, deps.region, vocabulary()));
  });
  router.get('/admin/import/template.csv', (_request, response) => {
    response.attachment('wegweiser-importvorlage.csv').type('text/csv; charset=utf-8').send(buildTemplateCsv(deps.region, vocabulary()));
  });
  router.post('/admin/import', ...multipartUpload(MAX_UPLOAD_BYTES), csrfProtection, async (request, response) => {
    const file = request.uploadedFile;
    if (!file || file.buffer.length === 0) return uploadPage(response, 400, 'import.noFile');
    const id = await saveUpload(deps.config.dataDir, file.fileName, file.buffer, deps.clock());
    response.redirect(303, `/admin/import/preview/${id}`);
  });
  router.get('/admin/import/preview/:id', async (request, response) => {
    const stored = await upload(request);
    try {
      const preview = await previewImport(importDeps(), stored, readOptions(request.query as Record<string, unknown>));
      response.render('admin/import-preview', { title: t(response)('import.preview.title', { file: stored.fileName }), id: stored.id, ...toPreviewView(preview, t(response)), months: deps.config.freshness.months });
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      await deleteUpload(deps.config.dataDir, stored.id);
      uploadPage(response, 400, `import.unreadable.${error.reason}`);
    }
  });
  router.post('/admin/import/preview/:id', csrfProtection, async (request, response) => {
    const stored = await upload(request);
    const options = readOptions(request.body as Record<string, unknown>);
    const actor = actorOf(signedInUser(response));
    const job = await jobs.start(0, (progress) => runImport(importDeps(), stored, options, actor, progress), (error) => {
      deps.logger.error({ err: error }, 'import failed; nothing was written');
      return error instanceof ImportRefusedError ? error.messageKey : 'import.failed.unknown';
    });
    // Confirmed means done with the file: after a failure staff correct it and upload it again.
    void jobs.settled(job.id).then(() => deleteUpload(deps.config.dataDir, stored.id));
    response.redirect(303, `/admin/import/jobs/${job.id}`);
  });
  router.get('/admin/import/jobs/:id', async (request, response) => {
    const job = await jobs.get(String(request.params.id));
    if (!job) throw new NotFoundError();
    const percent = job.total > 0 ? Math.round((100 * job.done) / job.total) : 0;
    response.set('Cache-Control', 'no-store').render('admin/import-job', {
      title: t(response)(job.state === 'running' ? 'import.job.title' : job.state === 'done' ? 'import.job.doneTitle' : 'import.job.failedTitle'),
      job,
      percent,
      running: job.state === 'running',
      failed: job.state === 'failed' ? t(response)(job.errorKey ?? 'import.failed.unknown') : undefined,
      result: job.result ? toResultView(job.result, t(response)) : undefined,
      months: deps.config.freshness.months,
      scripts: job.state === 'running' ? ['/static/js/import-progress.js'] : [],
    });
  });
  return router;
}
