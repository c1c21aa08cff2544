import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { i18n } from 'i18next';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from './config/config.ts';
import type { Database } from './db/db-connection.ts';
import { createAccountDashboardRouter } from './accounts/account-dashboard-routes.ts';
import { createAccountRouter } from './accounts/account-routes.ts';
import { createAdminRouter } from './admin/admin-routes.ts';
import { createFreshnessRouter } from './freshness/freshness-routes.ts';
import { createExportRouter } from './export/export-routes.ts';
import { createImportJobs, createImportRouter, createImportStatusRouter } from './import/import-routes.ts';
import { createHealthRouter } from './health/health-routes.ts';
import { createHsdsRouter } from './hsds/hsds-routes.ts';
import { createApiDocsRouter } from './api-docs/api-docs-routes.ts';
import { createSitemapRouter } from './sitemap/sitemap-routes.ts';
import { createReportRouter } from './reports/report-routes.ts';
import type { MailLinks } from './mail/mail-links.ts';
import { createLegalRouter } from './legal/legal-routes.ts';
import { createOfferRouter } from './offers/offer-routes.ts';
import { createProviderAdminRouter } from './providers/provider-admin-routes.ts';
import { createProviderRouter } from './providers/provider-routes.ts';
import { createPublicSubmissionRouter } from './public-submissions/public-submission-routes.ts';
import { availableLocales } from './i18n/i18n.ts';
import type { Logger } from './logging/logger.ts';
import { redactUrl } from './logging/redact-url.ts';
import type { Region } from './region/region-config.ts';
import type { SearchEngine } from './search-engine/search-engine.ts';
import { createSearchApiRouter, createSearchRouter } from './search/search-routes.ts';
import { createBrochureRouter } from './brochure/brochure-routes.ts';
import { createReferralRouter } from './referral/referral-routes.ts';
import { createShortlistRouter, readShortlist } from './shortlist/shortlist-routes.ts';
import { createWebAppRouter } from './web/web-app-routes.ts';
import { createEmbedAdminRouter } from './embed/embed-admin-routes.ts';
import { createEmbedRouter } from './embed/embed-routes.ts';
import { createTaxonomyAdminRouter } from './taxonomy/taxonomy-admin-routes.ts';
import { createSubmissionRouter } from './submissions/submission-routes.ts';
import type { Taxonomy } from './taxonomy/taxonomy.ts';
import { createErrorHandler, notFoundHandler } from './web/error-handler.ts';
import { loadCurrentUser, requireRole } from './web/current-user.ts';
import { createLocalsMiddleware } from './web/locals-middleware.ts';
import { createAccountRateLimit, createDownloadRateLimit, createSessionMiddleware, provideCsrfToken, provideHeaderCsrfToken } from './web/session.ts';
import { setUpViews } from './web/view-engine.ts';
import { createRateLimitStores } from './web/rate-limit-store.ts';
import { limitQueryParameters } from './web/query-limits.ts';
import { createInsightsRouter } from './insights/insights-routes.ts';
import { SearchMissRecorder } from './insights/search-miss-recorder.ts';
import { createTranslationRouter } from './translation/translation-routes.ts';
import type { MachineTranslation } from './translation/translation-service.ts';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  engine: SearchEngine;
  taxonomy: Taxonomy;
  region: Region;
  i18n: i18n;
  logger: Logger;
  /** Mailed and canonical links, from the configured site address; mail itself goes through the mail outbox. */
  links: MailLinks;
  sessionSecret: string;
  clock: () => Date;
  /** Wakes the search sync worker after a write. */
  notifySearch: () => void;
  /** Tells the other app instances at once that staff changed the taxonomy (PostgreSQL; they poll anyway). */
  notifyTaxonomy?: () => void;
  /** Machine translation of offers (config null: off). */
  translation: MachineTranslation;
  /** Counts searches that found nothing (the services' own, flushed when they stop); without one the app makes its own. */
  searchMisses?: SearchMissRecorder;
}

const require = createRequire(import.meta.url);

/** The folder of a file in an installed package. */
function vendorDir(file: string): string {
  return path.dirname(require.resolve(file));
}

/** Scripts and styles only from the app; images also from the map tile host. */
function contentSecurityPolicy(tileUrl: string): Record<string, string[]> {
  const tileOrigin = tileUrl ? new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin : undefined;
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', ...(tileOrigin ? [tileOrigin] : [])],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** The embeddable lists, and the script partner pages load to size them. */
const EMBED_PATHS = /^\/(?:embed\/|static\/js\/embed\.js$)/;

/**
 * Security headers: helmet's defaults with our CSP everywhere; the embeddable
 * lists may be framed by the allowed sites (and our own back office's
 * preview), and their script may be loaded by any page (Cross-Origin-Resource-Policy).
 */
function securityHeaders(config: AppConfig): RequestHandler {
  const directives = contentSecurityPolicy(config.tiles.url);
  const pages = helmet({ contentSecurityPolicy: { directives } });
  const ancestors = config.embed.allowedOrigins.includes('*') ? ['*'] : ["'self'", ...config.embed.allowedOrigins];
  const embeds = helmet({
    contentSecurityPolicy: { directives: { ...directives, frameAncestors: ancestors } },
    xFrameOptions: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  return (request, response, next) => (EMBED_PATHS.test(request.path) ? embeds : pages)(request, response, next);
}

/** Builds the Express app from its dependencies; it never listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Counted in the database by default, so instances behind one load balancer share each limit.
  const rateLimitStore = createRateLimitStores({ db: deps.db, kind: deps.config.rateLimitStore });
  // Behind a reverse proxy the client is in X-Forwarded-For; trusted only as far as TRUST_PROXY says,
  // so rate limits and login pauses key on the real client, and no client can forge its address.
  app.set('trust proxy', deps.config.trustProxy);
  // Plain query strings: repeated keys become arrays, nothing becomes an object.
  app.set('query parser', 'simple');
  app.set('view cache', true);
  setUpViews(app, deps.config.viewsDir);
  // Request logs at info; with a quieter level the middleware would only cost time (measured under load).
  if (deps.logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger: deps.logger,
        autoLogging: { ignore: (request) => request.url?.startsWith('/static/') ?? false },
        // Method, path and status only: no headers, cookies or client addresses in the log.
        serializers: {
          // Tokens of mailed links never reach the log (redactUrl).
          req: (request: { method?: string; url?: string }) => ({ method: request.method, url: redactUrl(request.url) }),
          res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
        },
      }),
    );
  }
  app.use(securityHeaders(deps.config));
  app.use('/static', express.static(deps.config.staticDir, { maxAge: '1h' }));
  // Leaflet and its cluster plug-in are served by the app itself, never from a CDN.
  app.use('/static/vendor/leaflet', express.static(vendorDir('leaflet/dist/leaflet.js'), { maxAge: '7d' }));
  app.use('/static/vendor/markercluster', express.static(vendorDir('leaflet.markercluster/dist/leaflet.markercluster.js'), { maxAge: '7d' }));
  app.use(
    createLocalsMiddleware({ region: deps.region, locales: availableLocales(), i18n: deps.i18n, tiles: deps.config.tiles, demo: deps.config.demoData, addressLanguageOnly: /^\/embed\// }),
  );
  app.use(limitQueryParameters);
  const recorder = deps.searchMisses ?? new SearchMissRecorder({ db: deps.db, clock: deps.clock, onError: (error) => deps.logger.warn({ err: error }, 'searches without results not recorded') });
  // The search API first: it needs no session, shortlist or user, and is the busiest address after the page.
  app.use(createSearchApiRouter({ ...deps, recorder }));
  app.use(createHealthRouter(deps));
  const importJobs = createImportJobs(deps);
  app.use(createImportStatusRouter(importJobs));
  app.use(createWebAppRouter({ region: deps.region, translate: (locale, key) => deps.i18n.getFixedT(locale)(key) }));
  // Lists on partner sites: no session, no shortlist, no cookie of any kind.
  app.use(createEmbedRouter({ ...deps, siteUrl: deps.config.siteUrl }));
  app.use(readShortlist);
  // Open data needs no session: mounted before it, so no cookie is ever set.
  app.use(createHsdsRouter({ ...deps, publicUrl: deps.config.siteUrl }));
  app.use(createSitemapRouter({ db: deps.db, publicUrl: deps.config.siteUrl }));
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(createSessionMiddleware({ db: deps.db, secret: deps.sessionSecret, secureCookies: deps.config.publicUrl?.startsWith('https:') ?? false, cleanup: true, logger: deps.logger }));
  app.use(loadCurrentUser(deps.db));
  // A signed-in user gets a token on every page, for the sign-out button in the header.
  app.use((request, response, next) => (response.locals.user ? provideHeaderCsrfToken(request, response, next) : next()));
  app.use(createSearchRouter({ ...deps, recorder }));
  app.use(['/shortlist/sheet.pdf', '/search/export.csv', '/search/export.xlsx'], createDownloadRateLimit(60, rateLimitStore('download')));
  app.use(createShortlistRouter({ db: deps.db, taxonomy: deps.taxonomy, publicUrl: deps.config.siteUrl }));
  app.use(
    createReferralRouter({
      db: deps.db,
      taxonomy: deps.taxonomy,
      region: deps.region,
      clock: deps.clock,
      translatorFor: (locale) => deps.i18n.getFixedT(locale),
      directionOf: (locale) => deps.i18n.dir(locale),
      publicUrl: deps.config.siteUrl,
      staticDir: deps.config.staticDir,
      chromiumPath: deps.config.pdf.chromiumPath,
    }),
  );
  app.use(['/account/login', '/account/signup', '/account/reset', '/account/verify/resend'], createAccountRateLimit(deps.config.accountRateLimit, rateLimitStore('account')));
  app.use(
    createAccountRouter({
      db: deps.db,
      links: deps.links,
      clock: deps.clock,
      translate: (locale, key, values) => deps.i18n.getFixedT(locale)(key, values),
    }),
  );
  app.use(createAccountDashboardRouter(deps));
  // The back office is guarded once: editors and admins only; admin-only pages add their own check.
  app.use('/admin', requireRole('editor'), provideCsrfToken);
  app.use(createInsightsRouter({ db: deps.db, taxonomy: deps.taxonomy, region: deps.region, recorder, locales: availableLocales() }));
  app.use(createSubmissionRouter({ db: deps.db, taxonomy: deps.taxonomy, region: deps.region, clock: deps.clock, notifySearch: () => deps.notifySearch(), translation: deps.translation }));
  app.use(createTranslationRouter({ db: deps.db, taxonomy: deps.taxonomy, clock: deps.clock, translation: deps.translation }));
  app.use(createProviderAdminRouter({ db: deps.db, taxonomy: deps.taxonomy, region: deps.region, clock: deps.clock, notifySearch: () => deps.notifySearch() }));
  app.use(createTaxonomyAdminRouter({ db: deps.db, taxonomy: deps.taxonomy, clock: deps.clock, notifySearch: () => deps.notifySearch(), notifyTaxonomy: () => deps.notifyTaxonomy?.() }));
  app.use(createReportRouter({ db: deps.db, clock: deps.clock, rateLimit: deps.config.accountRateLimit, rateLimitStore: rateLimitStore('report') }));
  app.use(
    createPublicSubmissionRouter({
      db: deps.db,
      taxonomy: deps.taxonomy,
      region: deps.region,
      clock: deps.clock,
      notifySearch: () => deps.notifySearch(),
      links: deps.links,
      translate: (locale, key, values) => deps.i18n.getFixedT(locale)(key, values),
      rateLimit: deps.config.accountRateLimit,
      rateLimitStore: rateLimitStore('submit'),
    }),
  );
  app.use(createEmbedAdminRouter({ taxonomy: deps.taxonomy, region: deps.region, siteUrl: deps.config.siteUrl, translatorFor: (locale) => deps.i18n.getFixedT(locale) }));
  app.use(createFreshnessRouter({ db: deps.db, taxonomy: deps.taxonomy, clock: deps.clock, notifySearch: () => deps.notifySearch() }));
  app.use(
    createBrochureRouter({
      db: deps.db,
      taxonomy: deps.taxonomy,
      region: deps.region,
      translatorFor: (locale) => deps.i18n.getFixedT(locale),
      directionOf: (locale) => deps.i18n.dir(locale),
      publicUrl: deps.config.siteUrl,
      staticDir: deps.config.staticDir,
      chromiumPath: deps.config.pdf.chromiumPath,
      locales: availableLocales(),
    }),
  );
  app.use(
    createAdminRouter({
      db: deps.db,
      taxonomy: deps.taxonomy,
      clock: deps.clock,
      notifySearch: () => deps.notifySearch(),
      links: deps.links,
      translate: (locale, key, values) => deps.i18n.getFixedT(locale)(key, values),
      freshness: deps.config.freshness,
      region: deps.region,
      translation: deps.translation,
    }),
  );
  app.use(createImportRouter(deps, importJobs));
  app.use(createExportRouter(deps));
  app.use(createLegalRouter(deps));
  app.use(createApiDocsRouter({ db: deps.db, region: deps.region, publicUrl: deps.config.siteUrl }));
  app.use(createOfferRouter(deps));
  app.use(createProviderRouter(deps));
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
