import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isStorageFailure, NotFoundError, StorageUnavailableError } from '../errors/app-errors.ts';
import type { Logger } from '../logging/logger.ts';
import { redactUrl } from '../logging/redact-url.ts';

function wantsJson(path: string, accept: string | undefined): boolean {
  return path.startsWith('/api/') || path === '/healthz' || (accept ?? '').includes('application/json');
}

export const notFoundHandler: RequestHandler = (_request, _response, next) => next(new NotFoundError());

/**
 * The one error handler: typed errors answer with their status and translated
 * message; anything else is logged and answered with a generic 500, never its message.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (raw, request, response, _next) => {
    // A database that cannot be written is an outage to explain (503), not a bug (500).
    const error = !(raw instanceof AppError) && isStorageFailure(raw) ? new StorageUnavailableError({ cause: raw }) : raw;
    const known = error instanceof AppError;
    const status = known ? error.status : typeof error?.status === 'number' && error.status < 500 ? error.status : 500;
    const code = known ? error.code : status === 400 ? 'bad_request' : status === 404 ? 'not_found' : 'internal_error';
    const messageKey = known ? error.messageKey : status === 400 ? 'errors.badRequest' : status === 404 ? 'errors.notFound' : 'errors.internal';
    if (status >= 500) logger.error({ err: error instanceof StorageUnavailableError ? error.cause : error, url: redactUrl(request.originalUrl) }, 'request failed');
    if (response.headersSent) return;
    const translate = response.locals.t as Express.Locals['t'] | undefined;
    const t = (key: string, fallback: string) => (translate ? translate(key, { defaultValue: fallback }) : fallback);
    const message = t(messageKey, messageKey);
    response.status(status);
    if (wantsJson(request.path, request.get('accept'))) {
      response.json({ error: { code, message, ...(known && error.details ? error.details : {}) } });
      return;
    }
    response.render('error', { title: message, status, message, hint: t(`${messageKey}Hint`, '') });
  };
}
