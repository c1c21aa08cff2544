import { Router, type Response } from 'express';
import { SearchUnavailableError } from '../errors/app-errors.ts';
import type { SearchPageDeps } from '../search/search-page.ts';
import { sendIndexDerivedPage } from '../web/page-cache.ts';
import { viewContext } from '../web/view-context.ts';
import { fullSearchUrl, siteHost } from './embed-mapper.ts';
import { embedCacheKey, parseEmbedRequest, type EmbedRequest } from './embed-request.ts';
import { buildEmbedList, embedFrameTitle } from './embed-service.ts';

export interface EmbedRouterDeps extends SearchPageDeps {
  /** Where every link in the list points: the configured site address, never the Host header. */
  siteUrl: string;
}

/** Partner sites and their readers' browsers may keep a list five minutes; a broken address a minute. */
const CACHE_OK = 'public, max-age=300';
const CACHE_PROBLEM = 'public, max-age=60';

/**
 * The lists partner sites embed (`/embed/*`). Mounted before the session and
 * the shortlist, with the language from the address only, so no cookie is read
 * or set; app.ts lets any allowed site frame these pages.
 */
export function createEmbedRouter(deps: EmbedRouterDeps): Router {
  const router = Router();
  router.get('/embed/list', async (request, response) => {
    const embed = parseEmbedRequest(request.query, deps);
    const ctx = viewContext(response, deps.taxonomy);
    response.setHeader('X-Robots-Tag', 'noindex');
    response.setHeader('Cache-Control', Object.keys(embed.search.problems).length > 0 ? CACHE_PROBLEM : CACHE_OK);
    // Lists answered by the database copy are not kept: the normal list must return as soon as Meilisearch does.
    const cacheKey = deps.engine.fallback?.active ? null : embedCacheKey(embed, ctx.locale);
    try {
      await sendIndexDerivedPage(response, deps.engine.resultCache, cacheKey, async () => {
        const page = await buildEmbedList(deps, embed, ctx, deps.siteUrl);
        if (page.fromDatabase) response.setHeader('Cache-Control', 'no-store');
        return { status: page.status, view: 'embed/list', locals: { ...page, layout: 'embed' } };
      });
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      renderUnavailable(deps, embed, response);
    }
  });
  return router;
}

/** No search can answer (Meilisearch and its database copy): a short note in the frame and a link to the site, never a stack trace or a 500. */
function renderUnavailable(deps: EmbedRouterDeps, embed: EmbedRequest, response: Response): void {
  const ctx = viewContext(response, deps.taxonomy);
  response.setHeader('Cache-Control', 'no-store');
  response.status(503).render('embed/list', {
    layout: 'embed',
    unavailable: true,
    title: embedFrameTitle(ctx, deps.region.name),
    allResultsUrl: fullSearchUrl(embed.search, ctx.locale, deps.siteUrl),
    siteHost: siteHost(deps.siteUrl),
  });
}
