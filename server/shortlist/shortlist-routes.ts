import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Database } from '../db/db-connection.ts';
import { ForbiddenError } from '../errors/app-errors.ts';
import { qrCodeSvg } from '../referral/qr-code.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { viewContext } from '../web/view-context.ts';
import { applyShortlistChange, shortlistCookie } from './shortlist-change.ts';
import { formatShortlistIds, parseShortlistIds, readShortlistCookie, safeReturnPath } from './shortlist-ids.ts';
import { buildShortlistPage } from './shortlist-page.ts';

export interface ShortlistDeps {
  db: Database;
  taxonomy: Taxonomy;
  /** The site's address from configuration; never the request's Host header. */
  publicUrl: string;
}

/** Links point to the configured address; the request's host only when none is configured. */
export const siteBaseUrl = (publicUrl: string, _request: Request) => publicUrl.replace(/\/+$/, '');

/** The shortlist's ids and size for the header count and the "merken" buttons on every page. */
export const readShortlist: RequestHandler = (request, response, next) => {
  const ids = readShortlistCookie(request.headers.cookie);
  response.locals.shortlistIds = ids;
  response.locals.shortlistCount = ids.length;
  response.locals.returnPath = request.originalUrl;
  next();
};

/**
 * A post that only changes the visitor's own cookie needs no session token,
 * but another site must not change someone's list behind their back.
 */
function refuseCrossSite(request: Request): void {
  if (request.get('sec-fetch-site') === 'cross-site') throw new ForbiddenError();
}

export function createShortlistRouter(deps: ShortlistDeps): Router {
  const router = Router();
  router.get('/shortlist', async (request, response) => {
    const ctx = { ...viewContext(response, deps.taxonomy), locales: response.locals.locales };
    const page = await buildShortlistPage(deps, request.query, response.locals.shortlistIds, ctx, siteBaseUrl(deps.publicUrl, request));
    response.render('shortlist', { ...page, title: response.locals.t('shortlist.title'), scripts: ['/static/js/shortlist-page.js'] });
  });
  router.post('/shortlist', (request: Request, response: Response) => {
    refuseCrossSite(request);
    const ids = applyShortlistChange(response.locals.shortlistIds, request.body as Record<string, unknown>);
    response.setHeader('Set-Cookie', shortlistCookie(ids));
    response.redirect(303, safeReturnPath((request.body as Record<string, unknown>)?.return));
  });
  router.get('/shortlist/qr.svg', async (request, response) => {
    const ids = parseShortlistIds(request.query.ids);
    const lang = typeof request.query.lang === 'string' && response.locals.locales.some((locale: { code: string }) => locale.code === request.query.lang) ? request.query.lang : 'de';
    const params = new URLSearchParams({ ids: formatShortlistIds(ids) });
    if (lang !== 'de') params.set('lang', lang);
    const url = `${siteBaseUrl(deps.publicUrl, request)}/shortlist?${params.toString().replace(/%2E/gi, '.')}`;
    response.type('image/svg+xml').setHeader('Cache-Control', 'public, max-age=86400');
    response.send(await qrCodeSvg(url, response.locals.t('shortlist.qrLabel')));
  });
  return router;
}
