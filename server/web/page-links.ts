/**
 * Links between pages that keep what the visitor chose: the UI language in
 * `?lang=` (so links work the same without JavaScript and without the cookie)
 * and, from a result list to an offer, the search in `from=`, so "back to
 * search" returns to that exact search without the referrer (the app sends
 * `Referrer-Policy: no-referrer`).
 */

/** A local path with `lang=` added for every language but German (the default). */
export function withLanguage(path: string, locale: string): string {
  if (locale === 'de') return path;
  const [withoutHash, hash] = path.split('#', 2) as [string, string | undefined];
  const separator = withoutHash.includes('?') ? '&' : '?';
  return `${withoutHash}${separator}lang=${encodeURIComponent(locale)}${hash === undefined ? '' : `#${hash}`}`;
}

const FROM_MAX_LENGTH = 2000;

/**
 * The search to return to, from an untrusted `from` value: only a relative
 * `/search` address of this site, without its language (the offer page adds
 * its own). Anything else (another site, `//host`, other paths, too long) is null.
 */
export function safeSearchPath(from: unknown): string | null {
  if (typeof from !== 'string' || from.length > FROM_MAX_LENGTH || !from.startsWith('/search') || from.includes('\\')) return null;
  let url: URL;
  try {
    url = new URL(from, 'http://wegweiser.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'http://wegweiser.invalid' || url.pathname !== '/search') return null;
  url.searchParams.delete('lang');
  url.searchParams.delete('from');
  const query = url.searchParams.toString();
  return query ? `/search?${query}` : '/search';
}

/** The address of an offer page, in the page's language, carrying the search it was found by. */
export function offerPageLink(slug: string, locale: string, searchPath: string | null): string {
  const from = searchPath && searchPath !== '/search' ? `?from=${encodeURIComponent(searchPath)}` : '';
  return withLanguage(`/offers/${encodeURIComponent(slug)}${from}`, locale);
}
