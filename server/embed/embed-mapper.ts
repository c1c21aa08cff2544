import type { SearchRequest } from '../search/search-page.ts';
import { toSearchParams } from '../search/search-query.ts';
import type { SearchHit } from '../search/search-service.ts';
import { toResultCard } from '../search/search-view-mapper.ts';
import type { ViewContext } from '../web/view-context.ts';

/** One offer of an embedded list: what a reader on a partner site needs to decide whether to click. */
export interface EmbedItem {
  offerId: number;
  title: string;
  /** Set when the title is German on a page in another language. */
  textLang: string | null;
  provider: string;
  /** Street address, else place and town; "Online" for online offers. */
  place: string;
  /** Next course start and the weekly times, whichever the offer has. */
  when: string[];
  cost: string;
  /** The full offer page on the Wegweiser site, in the list's language. */
  url: string;
}

/**
 * A Wegweiser address in the list's language, German included: the partner
 * chose the language, so the visitor's browser or cookie must not replace it.
 */
function inListLanguage(path: string, locale: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(locale)}`;
}

/** "Albertweg 76, 45525 Hattingen", with the place's name unless it only repeats the provider's. */
function placeText(hit: SearchHit): string {
  const name = hit.locationName && hit.locationName !== hit.providerName ? hit.locationName : null;
  return [name, hit.street, [hit.postcode, hit.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** A hit as a compact entry, through the search list's own card mapper. */
export function toEmbedItem(hit: SearchHit, request: SearchRequest, ctx: ViewContext, siteUrl: string): EmbedItem {
  const card = toResultCard(hit, request.query, ctx);
  return {
    offerId: hit.offerId,
    title: card.title,
    textLang: card.textLang,
    provider: card.providerName,
    place: hit.format === 'online' ? card.place : placeText(hit) || card.place,
    when: [card.courseStart, card.schedule].filter((text): text is string => Boolean(text)),
    cost: card.cost,
    url: siteUrl + inListLanguage(`/offers/${encodeURIComponent(hit.slug)}`, ctx.locale),
  };
}

/**
 * The same search on the Wegweiser site (first page, the list's language).
 * A place typed as `where` stays a `where`, so the site shows the place's name.
 */
export function fullSearchUrl(request: SearchRequest, locale: string, siteUrl: string): string {
  const params = toSearchParams({ ...request.query, page: 1 });
  if (request.place) {
    params.delete('near');
    if (params.get('sort') === 'distance') params.delete('sort');
    params.set('where', request.where);
  }
  const query = params.toString();
  return siteUrl + inListLanguage(query ? `/search?${query}` : '/search', locale);
}

/** "wegweiser.example.de" for "https://wegweiser.example.de": how the list names the site it comes from. */
export function siteHost(siteUrl: string): string {
  return new URL(siteUrl).host;
}
