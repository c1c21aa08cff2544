import { Router, type Request } from 'express';
import type { Database } from '../db/db-connection.ts';
import { NotFoundError } from '../errors/app-errors.ts';
import { toRobotsTxt, toSitemapIndex, toUrlSet } from './sitemap-mapper.ts';
import { countPublicOffers, listOfferPages, listProviderPages } from './sitemap-repository.ts';

/** A sitemap file may list 50,000 addresses; offers come in chunks well below that. */
export const OFFERS_PER_SITEMAP = 40_000;

/**
 * /robots.txt and /sitemap.xml: an index of one provider sitemap and as many
 * offer sitemaps as the directory needs, each address with its last change.
 */
export function createSitemapRouter(deps: { db: Database; publicUrl: string }): Router {
  const router = Router();
  // Links come from configuration (PUBLIC_URL), never from the request's Host header.
  const baseUrl = (_request: Request) => deps.publicUrl.replace(/\/+$/, '');
  const xml = (body: string) => ({ body, type: 'application/xml; charset=utf-8' });
  router.get('/robots.txt', (request, response) => {
    response.type('text/plain; charset=utf-8').send(toRobotsTxt(baseUrl(request)));
  });
  router.get('/sitemap.xml', async (request, response) => {
    const chunks = Math.max(1, Math.ceil((await countPublicOffers(deps.db)) / OFFERS_PER_SITEMAP));
    const paths = ['/sitemaps/providers.xml', ...Array.from({ length: chunks }, (_, index) => `/sitemaps/offers-${index + 1}.xml`)];
    const { body, type } = xml(toSitemapIndex(baseUrl(request), paths));
    response.type(type).send(body);
  });
  router.get('/sitemaps/providers.xml', async (request, response) => {
    const { body, type } = xml(toUrlSet(baseUrl(request), [{ path: '/', lastmod: '' }, ...(await listProviderPages(deps.db))]));
    response.type(type).send(body);
  });
  router.get('/sitemaps/offers-:chunk.xml', async (request, response) => {
    const chunk = /^\d{1,4}$/.test(String(request.params.chunk)) ? Number(request.params.chunk) : 0;
    if (chunk < 1) throw new NotFoundError();
    const entries = await listOfferPages(deps.db, (chunk - 1) * OFFERS_PER_SITEMAP, OFFERS_PER_SITEMAP);
    if (entries.length === 0 && chunk > 1) throw new NotFoundError();
    const { body, type } = xml(toUrlSet(baseUrl(request), entries));
    response.type(type).send(body);
  });
  return router;
}
