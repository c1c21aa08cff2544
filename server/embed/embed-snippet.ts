import { SEARCH_PARAMETERS } from '../search/search-query.ts';

/** What a partner's list shows: a search (its parameters), the list's language and how many entries. */
export interface EmbedChoice {
  search: URLSearchParams;
  lang: string;
  limit: number;
}

/** The fixed height of the frame before (or without) the sizing script; the list scrolls inside it. */
export const EMBED_FALLBACK_HEIGHT = 600;

/** Search parameters an embedded list takes over from a search (`lang` and `page` are the list's own). */
export function isEmbeddableParameter(name: string): boolean {
  return SEARCH_PARAMETERS.has(name) && name !== 'lang' && name !== 'page';
}

/** `/embed/list?…&lang=..&limit=..` for a choice: relative, for the back office's own preview. */
export function embedListPath(choice: EmbedChoice): string {
  const params = new URLSearchParams(choice.search);
  params.set('lang', choice.lang);
  params.set('limit', String(choice.limit));
  return `/embed/list?${params.toString()}`;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The HTML a partner pastes into its page: the frame with a fixed height that
 * scrolls, and the script that sizes it to the list. Addresses start with the
 * configured site address, never with the address the staff member used.
 */
export function buildEmbedSnippet(siteUrl: string, choice: EmbedChoice, frameTitle: string): string {
  const src = siteUrl + embedListPath(choice);
  return [
    `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(frameTitle)}" width="100%" height="${EMBED_FALLBACK_HEIGHT}" style="border:0;width:100%;max-width:100%" loading="lazy" data-wegweiser-embed></iframe>`,
    `<script src="${escapeAttribute(`${siteUrl}/static/js/embed.js`)}" async></script>`,
  ].join('\n');
}

/**
 * The search parameters and language of a pasted Wegweiser search address:
 * `<siteUrl>/search?…` or a path `/search?…`. Another site's address, or
 * another page's, is null (the caller names the mistake).
 */
export function readSearchAddress(address: string, siteUrl: string): { search: URLSearchParams; lang: string | null } | null {
  const text = address.trim();
  let url: URL;
  try {
    url = new URL(text, `${siteUrl}/`);
  } catch {
    return null;
  }
  if (url.origin !== new URL(siteUrl).origin || url.pathname.replace(/\/+$/, '') !== '/search') return null;
  const search = new URLSearchParams();
  for (const [name, value] of url.searchParams) if (isEmbeddableParameter(name)) search.append(name, value);
  return { search, lang: url.searchParams.get('lang') };
}
