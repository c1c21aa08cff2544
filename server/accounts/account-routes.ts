import { Router, type Request, type Response } from 'express';
import type { Database } from '../db/db-connection.ts';
import { ValidationError } from '../errors/app-errors.ts';
import { csrfProtection, provideCsrfToken } from '../web/session.ts';
import { looksLikeBot } from '../web/spam.ts';
import type { User } from './account-repository.ts';
import { LoginError, logIn, requestPasswordReset, resendVerification, resetPassword, signUp, verifyEmail, type AccountDeps } from './account-service.ts';

declare module 'express-session' {
  interface SessionData {
    signupFormShownAt?: number;
  }
}

/** Only paths on this site: "/x" but not "//evil.example" or "https://…". */
function safeNext(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : undefined;
}

/** Field errors as translated messages, and what was typed (never passwords), for the form again. */
function formState(response: Response, body: unknown, error: ValidationError) {
  const t = response.locals.t;
  const values = { ...(body as Record<string, unknown>) };
  delete values.password;
  delete values._csrf;
  return { values, errors: Object.fromEntries(Object.entries(error.fields).map(([field, key]) => [field, t(key)])) };
}

/** Renders a form page; a ValidationError re-renders it with the field messages and the typed values. */
async function handleForm(response: Response, view: string, body: unknown, action: () => Promise<void>, extra: Record<string, unknown> = {}): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (!(error instanceof ValidationError) && !(error instanceof LoginError)) throw error;
    const state = error instanceof ValidationError ? formState(response, body, error) : { values: { email: (body as { email?: string }).email ?? '' }, errors: {} };
    response.status(error.status).render(view, { ...extra, ...state, formError: response.locals.t(error.messageKey) });
    return false;
  }
}

export function createAccountRouter(deps: AccountDeps & { db: Database }): Router {
  const router = Router();
  const message = (response: Response, key: string, status = 200, offerResend = false) =>
    response.status(status).render('account/message', { title: response.locals.t(`${key}.title`), heading: response.locals.t(`${key}.title`), text: response.locals.t(`${key}.text`), offerResend });

  router.get('/account/signup', provideCsrfToken, (request, response) => {
    request.session.signupFormShownAt = deps.clock().getTime();
    response.render('account/signup', { title: response.locals.t('account.signup.title') });
  });
  router.post('/account/signup', csrfProtection, provideCsrfToken, async (request, response) => {
    // A bot gets the same answer as a person and nothing is created.
    if (looksLikeBot(request.body ?? {}, request.session.signupFormShownAt, deps.clock())) {
      message(response, 'account.checkMail');
      return;
    }
    const context = { locale: response.locals.lang };
    if (await handleForm(response, 'account/signup', request.body, () => signUp(deps, request.body, context), { title: response.locals.t('account.signup.title') })) {
      message(response, 'account.checkMail', 200, true);
    }
  });

  // The confirmation mail may have been lost: send a new link (same answer whatever the address).
  router.get('/account/verify/resend', provideCsrfToken, (_request, response) => response.render('account/resend', { title: response.locals.t('account.resend.title') }));
  router.post('/account/verify/resend', csrfProtection, provideCsrfToken, async (request, response) => {
    if (await handleForm(response, 'account/resend', request.body, () => resendVerification(deps, request.body), { title: response.locals.t('account.resend.title') })) {
      message(response, 'account.resendSent', 200, true);
    }
  });

  router.get('/account/verify/:token', async (request, response) => {
    if (await verifyEmail(deps, String(request.params.token))) message(response, 'account.verified');
    else message(response, 'account.badLink', 400);
  });

  router.get('/account/login', provideCsrfToken, (request, response) =>
    response.render('account/login', { title: response.locals.t('account.login.title'), next: safeNext(request.query.next) ?? '' }),
  );
  router.post('/account/login', csrfProtection, provideCsrfToken, async (request, response) => {
    let user: User | undefined;
    const next = safeNext(request.body?.next);
    const ok = await handleForm(response, 'account/login', request.body, async () => {
      user = await logIn(deps, request.body, { clientAddress: request.ip ?? '' });
    }, { title: response.locals.t('account.login.title'), next: next ?? '' });
    if (!ok || !user) return;
    // A new session id at login, so a session fixed before it is worthless.
    await new Promise<void>((resolve, reject) => request.session.regenerate((error) => (error ? reject(error) : resolve())));
    request.session.userId = user.id;
    await new Promise<void>((resolve, reject) => request.session.save((error) => (error ? reject(error) : resolve())));
    response.redirect(303, next ?? '/account');
  });

  router.post('/account/logout', csrfProtection, (request, response) => {
    request.session.destroy(() => {
      response.clearCookie('wegweiser.sid');
      response.redirect(303, '/');
    });
  });

  router.get('/account/reset', provideCsrfToken, (_request, response) => response.render('account/reset-request', { title: response.locals.t('account.reset.title') }));
  router.post('/account/reset', csrfProtection, provideCsrfToken, async (request, response) => {
    if (await handleForm(response, 'account/reset-request', request.body, () => requestPasswordReset(deps, request.body), { title: response.locals.t('account.reset.title') })) {
      message(response, 'account.resetSent');
    }
  });
  router.get('/account/reset/:token', provideCsrfToken, (request, response) =>
    response.render('account/reset', { title: response.locals.t('account.reset.title'), token: String(request.params.token) }),
  );
  router.post('/account/reset/:token', csrfProtection, provideCsrfToken, async (request, response) => {
    let changed = false;
    const ok = await handleForm(response, 'account/reset', request.body, async () => {
      changed = await resetPassword(deps, String(request.params.token), request.body, { sessionId: request.sessionID });
    }, { title: response.locals.t('account.reset.title'), token: String(request.params.token) });
    if (ok) message(response, changed ? 'account.passwordChanged' : 'account.badLink', changed ? 200 : 400);
  });

  return router;
}
