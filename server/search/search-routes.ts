import { Router, type Request, type Response } from 'express';
import type { SearchMissRecorder } from '../insights/search-miss-recorder.ts';
import { toSearchMiss } from './search-miss-mapper.ts';
import { sendIndexDerivedPage } from '../web/page-cache.ts';
import { safeSearchPath } from '../web/page-links.ts';
import { viewContext } from '../web/view-context.ts';
import { buildHomePage, buildMapResponse, buildSearchApiResponse, buildSearchPage, parseSearchRequest, searchPageCacheKey, type SearchPageDeps, type SearchRequest } from './search-page.ts';

/** Counts a search that found nothing; the visitor key is hashed under a daily salt and never stored. */
function recordIfEmpty(deps: SearchRouterDeps, request: Request, response: Response, search: SearchRequest, total: number): void {
  if (total > 0 || Object.keys(search.problems).length > 0 || search.query.page > 1) return;
  deps.recorder.record(toSearchMiss(search, String(response.locals.lang)), `${request.ip ?? ''}|${request.get('user-agent') ?? ''}`, deps.clock());
}

export interface SearchRouterDeps extends SearchPageDeps {
  recorder: SearchMissRecorder;
  clock: () => Date;
}

export function createSearchRouter(deps: SearchRouterDeps): Router {
  const router = Router();
  router.get('/', async (_request, response) => {
    response.render('home', { home: await buildHomePage(deps, viewContext(response, deps.taxonomy)) });
  });
  router.get('/search', async (request, response) => {
    const parsed = parseSearchRequest(request.query, deps);
    const partial = request.get('x-requested-with') === 'wegweiser-search';
    // Pages of the simpler search are not kept: the normal page must return as soon as Meilisearch does.
    const cacheKey = deps.engine.fallback?.active ? null : searchPageCacheKey(request.query, parsed, String(response.locals.lang), partial);
    const page = await sendIndexDerivedPage(response, deps.engine.resultCache, cacheKey, async () => {
      const page = await buildSearchPage(deps, parsed, viewContext(response, deps.taxonomy), safeSearchPath(request.originalUrl));
      return {
        status: page.problems.length > 0 ? 400 : 200,
        view: partial ? 'partials/search-results' : 'search',
        locals: {
          ...page,
          title: page.query.q || response.locals.t('search.title'),
          ...(partial ? { layout: false } : {}),
          usesMap: true,
          scripts: ['/static/js/search-map.js', '/static/js/search.js'],
        },
        meta: { total: page.result.total },
      };
    });
    recordIfEmpty(deps, request, response, parsed, Number(page.meta.total ?? 1));
  });
  return router;
}

/** The search API: JSON for the same searches, and the map's markers. */
export function createSearchApiRouter(deps: SearchRouterDeps): Router {
  const router = Router();
  router.get('/api/v1/search', async (request, response) => {
    const search = parseSearchRequest(request.query, deps, { strictNames: true });
    const answer = await buildSearchApiResponse(deps, search, viewContext(response, deps.taxonomy));
    response.json(answer);
    recordIfEmpty(deps, request, response, search, answer.total);
  });
  router.get('/api/v1/map', async (request, response) => {
    response.json(await buildMapResponse(deps, parseSearchRequest(request.query, deps, { strictNames: true })));
  });
  return router;
}
