import type { Store } from 'express-rate-limit';
import { Router, type Response } from 'express';
import { ValidationError } from '../errors/app-errors.ts';
import { emptyOfferForm, toOfferFormInput, toOfferFormValues, type OfferFormInput } from '../submissions/offer-form-mapper.ts';
import { createAccountRateLimit, csrfProtection, provideCsrfToken } from '../web/session.ts';
import { looksLikeBot } from '../web/spam.ts';
import { toPublicFormProblems, type PublicFormProblems } from './public-submission-form.ts';
import { confirmSubmission, submitWithoutAccount, SUBMITTER_FIELDS, type ConfirmResult, type PublicSubmissionDeps } from './public-submission-service.ts';

declare module 'express-session' {
  interface SessionData {
    publicSubmissionShownAt?: number;
  }
}


/** The page each confirmation outcome shows, with its status code. */
const CONFIRM_PAGES: Record<ConfirmResult, { key: string; status: number }> = {
  confirmed: { key: 'publicSubmission.confirmed', status: 200 },
  alreadyConfirmed: { key: 'publicSubmission.alreadyConfirmed', status: 200 },
  expired: { key: 'publicSubmission.expired', status: 410 },
  unknown: { key: 'publicSubmission.badLink', status: 400 },
};

function message(response: Response, key: string, status = 200): void {
  const t = response.locals.t;
  response.status(status).render('account/message', { title: t(`${key}.title`), heading: t(`${key}.title`), text: t(`${key}.text`) });
}

function submitterValues(body: unknown): Record<string, string> {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(SUBMITTER_FIELDS.map((field) => [field, typeof form[field] === 'string' ? (form[field] as string) : '']));
}

/** Routes for offering one offer without an account: the form, and the mailed confirmation link. */
export function createPublicSubmissionRouter(deps: PublicSubmissionDeps & { rateLimit: number; rateLimitStore?: Store }): Router {
  const router = Router();

  const renderForm = (response: Response, source: OfferFormInput, submitter: Record<string, string>, problems?: PublicFormProblems, status = 200, notice?: string) => {
    const t = response.locals.t;
    const lang = String(response.locals.lang);
    const kinds = deps.taxonomy.terms('provider-kind').map((term) => ({ value: term.slug, label: deps.taxonomy.label('provider-kind', term.slug, lang), selected: term.slug === submitter.organisationKind }));
    response.status(status).render('public-submission/form', {
      title: t('publicSubmission.title'),
      publicForm: true,
      submitter,
      kinds,
      form: toOfferFormValues(source, { taxonomy: deps.taxonomy, locale: lang, locations: [], region: deps.region }, problems),
      errors: problems?.messages ?? {},
      errorSummary: problems?.summary ?? [],
      notice: notice ? t(notice) : null,
      usesMap: true,
      scripts: ['/static/js/offer-form.js', '/static/js/location-picker.js'],
    });
  };

  router.get('/submit', provideCsrfToken, (request, response) => {
    request.session.publicSubmissionShownAt = deps.clock().getTime();
    renderForm(response, emptyOfferForm([]), submitterValues({}));
  });

  router.post('/submit', createAccountRateLimit(deps.rateLimit, deps.rateLimitStore), csrfProtection, provideCsrfToken, async (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // A bot gets the same answer as a person, and nothing is stored or mailed.
    if (looksLikeBot(body, request.session.publicSubmissionShownAt, deps.clock())) return message(response, 'publicSubmission.checkMail');
    const offer = toOfferFormInput(body);
    try {
      await submitWithoutAccount(deps, body, offer, { locale: String(response.locals.lang) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const problems = toPublicFormProblems(error, offer, { taxonomy: deps.taxonomy, locale: String(response.locals.lang), locations: [], region: deps.region }, response.locals.t);
      return renderForm(response, offer, submitterValues(body), problems, 400);
    }
    delete request.session.publicSubmissionShownAt;
    message(response, 'publicSubmission.checkMail');
  });

  // Opening the mailed link shows a button; only pressing it confirms, so mail scanners that open links confirm nothing.
  router.get('/submit/confirm/:token', provideCsrfToken, (request, response) => {
    const t = response.locals.t;
    response.render('public-submission/confirm', { title: t('publicSubmission.confirmPage.title'), action: `/submit/confirm/${encodeURIComponent(String(request.params.token))}` });
  });
  router.post('/submit/confirm/:token', csrfProtection, async (request, response) => {
    const page = CONFIRM_PAGES[await confirmSubmission(deps, String(request.params.token))];
    message(response, page.key, page.status);
  });

  return router;
}
