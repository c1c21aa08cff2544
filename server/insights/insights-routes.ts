import { Router, type Response } from 'express';
import { viewContext } from '../web/view-context.ts';
import { buildInsightsPage, coverageCsv, parseInsightsFilter, unmetSearchesCsv, type InsightsDeps } from './insights-service.ts';

function sendCsv(response: Response, name: string, csv: string): void {
  response.type('text/csv; charset=utf-8').attachment(name).send(csv);
}

/** /admin/insights: what people could not find, and where offers are missing. Mounted behind the /admin guard. */
export function createInsightsRouter(deps: InsightsDeps & { locales: string[] }): Router {
  const router = Router();
  const filterOf = (query: Record<string, unknown>) => parseInsightsFilter(query, deps, deps.locales);
  router.get('/admin/insights', async (request, response) => {
    const page = await buildInsightsPage(deps, filterOf(request.query), viewContext(response, deps.taxonomy), deps.locales);
    response.render('admin/insights', { title: response.locals.t('insights.title'), ...page });
  });
  router.get('/admin/insights/unmet.csv', async (request, response) => {
    sendCsv(response, 'unmet-searches.csv', await unmetSearchesCsv(deps, filterOf(request.query), viewContext(response, deps.taxonomy)));
  });
  router.get('/admin/insights/coverage.csv', async (request, response) => {
    sendCsv(response, 'coverage.csv', await coverageCsv(deps, filterOf(request.query), viewContext(response, deps.taxonomy)));
  });
  return router;
}
