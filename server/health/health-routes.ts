import { Router } from 'express';
import type { Database } from '../db/db-connection.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import { checkHealth } from './health-service.ts';

export function createHealthRouter(deps: { db: Database; engine: SearchEngine }): Router {
  const router = Router();
  router.get('/healthz', async (_request, response) => {
    const report = await checkHealth(deps);
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return router;
}
