import { Router } from 'express';
import { sendIndexDerivedPage } from '../web/page-cache.ts';
import { safeSearchPath } from '../web/page-links.ts';
import { viewContext } from '../web/view-context.ts';
import { buildHomePage, buildMapResponse, buildSearchApiResponse, buildSearchPage, parseSearchRequest, searchPageCacheKey, type SearchPageDeps } from './search-page.ts';

export function createSearchRouter(deps: SearchPageDeps): Router {
  const router = Router();
  router.get('/', async (_request, response) => {
    response.render('home', { home: await buildHomePage(deps, viewContext(response, deps.taxonomy)) });
  });
  router.get('/search', (request, response) => {
    const parsed = parseSearchRequest(request.query, deps);
    const partial = request.get('x-requested-with') === 'wegweiser-search';
    const cacheKey = searchPageCacheKey(request.query, parsed, String(response.locals.lang), partial);
    return sendIndexDerivedPage(response, deps.engine.resultCache, cacheKey, async () => {
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
      };
    });
  });
  router.get('/api/v1/search', async (request, response) => {
    response.json(await buildSearchApiResponse(deps, parseSearchRequest(request.query, deps), viewContext(response, deps.taxonomy)));
  });
  router.get('/api/v1/map', async (request, response) => {
    response.json(await buildMapResponse(deps, parseSearchRequest(request.query, deps)));
  });
  return router;
}
