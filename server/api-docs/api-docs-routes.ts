import { Router } from 'express';
import type { Database } from '../db/db-connection.ts';
import type { Region } from '../region/region-config.ts';
import { listApiEndpoints } from './api-docs-service.ts';
import { buildApiV1OpenApi } from './api-v1-openapi.ts';

/** The readable API page (/api) and the OpenAPI description of /api/v1. */
export function createApiDocsRouter(deps: { db: Database; region: Region; publicUrl: string }): Router {
  const router = Router();
  router.get('/api/v1/openapi.json', (request, response) => {
    response.json(buildApiV1OpenApi(deps.publicUrl));
  });
  router.get('/api', async (_request, response) => {
    const t = response.locals.t;
    const endpoints = await listApiEndpoints(deps.db, deps.region);
    const translate = (list: typeof endpoints.v1) => list.map((endpoint) => ({ ...endpoint, purpose: t(endpoint.purpose) }));
    response.render('api', { title: t('apiDocs.title'), v1: translate(endpoints.v1), hsds: translate(endpoints.hsds) });
  });
  return router;
}
