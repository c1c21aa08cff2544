/**
 * Every link the app mails or publishes as canonical, built from the
 * configured site address (PUBLIC_URL) and never from a request's Host
 * header: a forged Host must not turn a reset link into one for another site.
 */
export interface MailLinks {
  /** Any path on this site as an absolute URL. */
  to(pathOnSite: string): string;
  verifyEmail(token: string): string;
  resetPassword(token: string): string;
  confirmSubmission(token: string): string;
  stillCurrent(token: string): string;
  login(): string;
  account(): string;
  submit(): string;
  offer(slug: string): string;
}

/** The link builder for a site address such as "https://wegweiser.example.de". */
export function createMailLinks(siteUrl: string): MailLinks {
  const base = siteUrl.replace(/\/+$/, '');
  const to = (pathOnSite: string) => `${base}${pathOnSite.startsWith('/') ? '' : '/'}${pathOnSite}`;
  const token = (prefix: string, value: string) => to(`${prefix}/${encodeURIComponent(value)}`);
  return {
    to,
    verifyEmail: (value) => token('/account/verify', value),
    resetPassword: (value) => token('/account/reset', value),
    confirmSubmission: (value) => token('/submit/confirm', value),
    stillCurrent: (value) => token('/offers/confirm', value),
    login: () => to('/account/login'),
    account: () => to('/account'),
    submit: () => to('/submit'),
    offer: (slug) => to(`/offers/${encodeURIComponent(slug)}`),
  };
}
