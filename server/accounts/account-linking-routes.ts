import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { requireRole, signedInUser } from '../web/current-user.ts';
import { csrfProtection } from '../web/session.ts';
import { createProviderForAccount, linkAccountToProvider, listAccountsForLinking, searchProviders, type AccountForLinking, type LinkingDeps } from './account-linking-service.ts';

function accountId(request: Request): number {
  const value = Number(request.params.id);
  if (!Number.isInteger(value) || value <= 0) throw new NotFoundError();
  return value;
}

/** One account as the page shows it: the search's organisations as choices, and the suggestions or the offer to create one. */
function toAccountView(account: AccountForLinking, found: Array<{ id: number; name: string }>, kinds: Array<{ value: string; label: string }>, t: Response['locals']['t']) {
  const unlinkedProvider = account.role === 'provider' && account.providerId === null;
  return {
    ...account,
    roleLabel: t(`admin.roles.${account.role}`),
    isProvider: account.role === 'provider',
    options: found.map((provider) => ({ ...provider, selected: provider.id === account.providerId })),
    typed: unlinkedProvider && account.organisationName ? { name: account.organisationName, town: account.organisationTown ?? '' } : null,
    suggestions: account.suggestions.map((match) => ({ ...match, townList: match.towns.join(', ') })),
    offerCreate: unlinkedProvider && account.organisationName !== null && account.suggestions.length === 0,
    kinds,
  };
}

async function showAccounts(deps: LinkingDeps, request: Request, response: Response, extra: Record<string, unknown> = {}): Promise<void> {
  const text = String(request.query.q ?? '').slice(0, 200);
  const [accounts, found] = await Promise.all([listAccountsForLinking(deps), searchProviders(deps.db, text)]);
  const t = response.locals.t;
  const kinds = deps.taxonomy.terms('provider-kind').map((term) => ({ value: term.slug, label: deps.taxonomy.label('provider-kind', term.slug, response.locals.lang) }));
  response.render('admin/accounts', {
    title: t('admin.accounts.title'),
    q: text,
    searched: text.trim() !== '',
    found: found.length,
    accounts: accounts.map((account) => toAccountView(account, found, kinds, t)),
    ...extra,
  });
}

async function createAndLink(deps: LinkingDeps, request: Request, response: Response): Promise<void> {
  try {
    const providerId = await createProviderForAccount(deps, signedInUser(response), accountId(request), request.body);
    response.redirect(303, `/admin/providers/${providerId}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    response.status(400);
    await showAccounts(deps, request, response, { formError: response.locals.t('admin.accounts.createInvalid') });
  }
}

/**
 * Linking provider accounts to their organisations (admins): the page suggests
 * the organisation a person named at sign-up, searches by name, or creates it.
 */
export function createAccountLinkingRouter(deps: LinkingDeps): Router {
  const router = Router();
  router.get('/admin/accounts', requireRole('admin'), (request, response) => showAccounts(deps, request, response));
  router.post('/admin/accounts/:id/provider', requireRole('admin'), csrfProtection, async (request, response) => {
    await linkAccountToProvider(deps, signedInUser(response), accountId(request), request.body?.providerId);
    response.redirect(303, '/admin/accounts');
  });
  router.post('/admin/accounts/:id/new-provider', requireRole('admin'), csrfProtection, (request, response) => createAndLink(deps, request, response));
  return router;
}
