import type { RequestHandler } from 'express';
import session from 'express-session';
import { rateLimit, type Store } from 'express-rate-limit';
import { csrfSync } from 'csrf-sync';
import type { Database } from '../db/db-connection.ts';
import { ForbiddenError, StorageUnavailableError } from '../errors/app-errors.ts';
import type { Logger } from '../logging/logger.ts';
import { SqliteSessionStore } from './session-store.ts';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
  }
}

const SESSION_COOKIE = 'wegweiser.sid';

/** Pages that never write to a session: home, search and the JSON API. */
const SESSIONLESS_READS = /^\/(?:search\/?$|api\/v1\/|$)/;

/**
 * Sessions in SQLite. A cookie is set only once a session holds something
 * (a login, a form's CSRF token): a visitor who only searches gets no cookie.
 * Reading home, search or the API without a session cookie skips the session
 * entirely (there is no one to load, and nothing will be saved): measured, a
 * new session object cost a tenth of a cached search page's time.
 */
export function createSessionMiddleware(options: { db: Database; secret: string; secureCookies: boolean; cleanup: boolean; logger?: Logger }): RequestHandler {
  const handler = session({
    name: SESSION_COOKIE,
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    store: new SqliteSessionStore({ db: options.db, logger: options.logger, cleanupIntervalMs: options.cleanup ? 3_600_000 : 0 }),
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: 8 * 60 * 60 * 1000 },
  });
  return (request, response, next) => {
    const anonymousRead = request.method === 'GET' && SESSIONLESS_READS.test(request.path) && !request.headers.cookie?.includes(`${SESSION_COOKIE}=`);
    if (anonymousRead) next();
    else handler(request, response, next);
  };
}

const csrf = csrfSync({
  getTokenFromRequest: (request) => {
    const body = request.body as Record<string, unknown> | undefined;
    const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined;
    return fromBody ?? (request.headers['x-csrf-token'] as string | undefined);
  },
});

/** Rejects a state-changing request without the form's synchroniser token. */
export const csrfProtection: RequestHandler = (request, response, next) => {
  csrf.csrfSynchronisedProtection(request, response, (error?: unknown) => {
    next(error ? new ForbiddenError('errors.csrf') : undefined);
  });
};

/**
 * The token for the sign-out button in the header of every signed-in page. It is
 * saved with the session when the page is done; if that write fails the page
 * still shows (reads keep working) and only sign-out would need a new page.
 */
export const provideHeaderCsrfToken: RequestHandler = (request, response, next) => {
  response.locals.csrfToken = csrf.generateToken(request);
  next();
};

/**
 * Puts the session's CSRF token into the page, for forms.
 * A new token is saved before the page is rendered: when the database cannot
 * be written, the visitor gets a clear 503 page instead of a form that could
 * never be sent.
 */
export const provideCsrfToken: RequestHandler = (request, response, next) => {
  const before = request.session.csrfToken;
  response.locals.csrfToken = csrf.generateToken(request);
  if (before === request.session.csrfToken) return next();
  request.session.save((error) => next(error ? (error instanceof StorageUnavailableError ? error : new StorageUnavailableError({ cause: error })) : undefined));
};

/**
 * Where a limiter counts: a given store (the database, shared by every app
 * instance) or the limiter's own memory. A store that cannot be reached lets
 * the request through: the limit is a brake on loops, and a database outage
 * must not turn a download into an error.
 */
function storeOptions(store: Store | undefined) {
  return store ? { store, passOnStoreError: true } : {};
}

/** Few attempts per address and quarter hour on login, sign-up and reset forms. */
export function createAccountRateLimit(limit: number, store?: Store): RequestHandler {
  return rateLimit({
    ...storeOptions(store),
    windowMs: 15 * 60 * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (request) => request.method === 'GET',
    handler: (_request, _response, next) => next(new TooManyRequests()),
  });
}

/**
 * Downloads that cost the server real work (a PDF needs a Chromium, a result
 * download up to 5,000 offers from SQLite): 60 per client and quarter hour,
 * far above what a social worker needs, far below a loop.
 */
export function createDownloadRateLimit(limit = 60, store?: Store): RequestHandler {
  return rateLimit({
    ...storeOptions(store),
    windowMs: 15 * 60 * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_request, _response, next) => next(new TooManyRequests()),
  });
}

class TooManyRequests extends ForbiddenError {
  override readonly status = 429;
  constructor() {
    super('errors.tooManyRequests');
  }
}
