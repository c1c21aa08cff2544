/**
 * Where a search page's own CPU goes, in process and without HTTP: building
 * the page's view from the search answer (buildSearchPage; the answers come
 * from a warm cache, so Meilisearch is not counted) and rendering the search
 * view with its layout, per unique search, in German, with the locals the
 * app's own middleware sets.
 */
import type { Express } from 'express';
import { parse as parseQueryString } from 'node:querystring';
import type { Services } from '../../server/bootstrap.ts';
import { createApp } from '../../server/app.ts';
import { availableLocales, createI18n } from '../../server/i18n/i18n.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { buildSearchPage, parseSearchRequest } from '../../server/search/search-page.ts';
import { createLocalsMiddleware } from '../../server/web/locals-middleware.ts';
import { buildSearchMixes } from './search-mixes.ts';

export interface PageBuildReport {
  pages: number;
  /** CPU milliseconds per page. */
  buildMs: number;
  renderMs: number;
  /** Average size of the rendered page. */
  kilobytes: number;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The locals the app's middleware gives a German /search request without cookie or Accept-Language. */
async function germanPageLocals(services: Services): Promise<Record<string, unknown>> {
  const middleware = createLocalsMiddleware({ region: services.region, locales: availableLocales(), i18n: await createI18n(), tiles: services.config.tiles, demo: services.config.demoData });
  const request = { path: '/search', url: '/search', query: {}, headers: {}, get: () => undefined };
  const response = { locals: {} as Record<string, unknown>, setHeader: () => undefined };
  middleware(request as never, response as never, () => undefined);
  return response.locals;
}

function render(app: Express, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => app.render('search', locals, (error, html) => (error ? reject(error) : resolve(html))));
}

export async function measurePageBuild(services: Services, count: number, rounds = 3): Promise<PageBuildReport> {
  const app = createApp({ ...services, logger: createSilentLogger(), i18n: await createI18n() });
  const locals = await germanPageLocals(services);
  const ctx = { taxonomy: services.taxonomy, locale: 'de', t: locals.t as (key: string) => string, basePath: '/search' };
  const requests = buildSearchMixes(services.region, services.taxonomy, count, 23).map((mix) => parseSearchRequest(parseQueryString(mix.query), services));
  // Warm: every search answered once, so the rounds below count the page's own work only.
  for (const request of requests) await buildSearchPage(services, request, ctx, '/search');
  let build = 0;
  let rendering = 0;
  let characters = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const request of requests) {
      const before = cpuMs();
      const page = await buildSearchPage(services, request, ctx, '/search');
      const built = cpuMs();
      const html = await render(app, { ...locals, ...page, title: page.query.q || 'Suche', usesMap: true, scripts: [] });
      rendering += cpuMs() - built;
      build += built - before;
      characters += html.length;
    }
  }
  const pages = requests.length * rounds;
  return { pages, buildMs: build / pages, renderMs: rendering / pages, kilobytes: characters / pages / 1024 };
}
