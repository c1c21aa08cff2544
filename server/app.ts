import express, { type Express } from 'express';
import helmet from 'helmet';
import type { i18n } from 'i18next';
import { handle as i18nHandle } from 'i18next-http-middleware';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from './config/config.ts';
import type { Database } from './db/db-connection.ts';
import { createHealthRouter } from './health/health-routes.ts';
import { availableLocales } from './i18n/i18n.ts';
import type { Logger } from './logging/logger.ts';
import type { Region } from './region/region-config.ts';
import type { SearchEngine } from './search-engine/search-engine.ts';
import { createSearchRouter } from './search/search-routes.ts';
import type { Taxonomy } from './taxonomy/taxonomy.ts';
import { createErrorHandler, notFoundHandler } from './web/error-handler.ts';
import { createLocalsMiddleware } from './web/locals-middleware.ts';
import { setUpViews } from './web/view-engine.ts';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  engine: SearchEngine;
  taxonomy: Taxonomy;
  region: Region;
  i18n: i18n;
  logger: Logger;
  clock: () => Date;
}

/** Builds the Express app from its dependencies; it never listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  setUpViews(app, deps.config.viewsDir);
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (request) => request.url?.startsWith('/static/') ?? false },
      // Method, path and status only: no headers, cookies or client addresses in the log.
      serializers: {
        req: (request: { method?: string; url?: string }) => ({ method: request.method, url: request.url }),
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
    }),
  );
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use('/static', express.static(deps.config.staticDir, { maxAge: '1h' }));
  app.use(i18nHandle(deps.i18n));
  app.use(createLocalsMiddleware({ region: deps.region, locales: availableLocales(), i18n: deps.i18n }));
  app.use(createHealthRouter(deps));
  app.use(createSearchRouter(deps));
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
