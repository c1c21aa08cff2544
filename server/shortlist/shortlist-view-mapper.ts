import type { Offer } from '../offers/offer-types.ts';
import { localisedOfferText } from '../offers/offer-view-mapper.ts';
import { summariseSchedule } from '../search/search-view-mapper.ts';
import type { ViewContext } from '../web/view-context.ts';
import { formatShortlistIds } from './shortlist-ids.ts';

/** One entry of the shortlist page. */
export function toShortlistItem(offer: Offer, ctx: ViewContext, position: number, total: number) {
  const text = localisedOfferText(offer, ctx.locale);
  const place = offer.locations[0];
  return {
    id: offer.id,
    title: text.title,
    textLang: text.textLang,
    url: `/offers/${offer.slug}${ctx.locale === 'de' ? '' : `?lang=${ctx.locale}`}`,
    providerName: offer.provider.name,
    place: place ? [place.name, place.city].filter(Boolean).join(', ') : ctx.t(`offer.format.${offer.format}`),
    schedule: summariseSchedule(offer.schedule, offer.byAppointment, ctx),
    first: position === 0,
    last: position === total - 1,
  };
}

/** The address that opens this list on another device, in the given language. */
export function shortlistLink(baseUrl: string, ids: number[], lang: string): string {
  const params = new URLSearchParams({ ids: formatShortlistIds(ids) });
  if (lang !== 'de') params.set('lang', lang);
  return `${baseUrl}/shortlist?${params.toString().replace(/%2E/gi, '.')}`;
}

/**
 * Links that hand the list's address to a mail program or a messenger. They
 * carry only the address and a short text: no phone number or mail address
 * of the client ever passes through the server.
 */
export function shareLinks(link: string, text: string) {
  const message = `${text} ${link}`;
  return {
    mail: `mailto:?subject=${encodeURIComponent(text)}&body=${encodeURIComponent(message)}`,
    whatsapp: `https://wa.me/?text=${encodeURIComponent(message)}`,
    telegram: `https://t.me/share/url?url=${encodeURIComponent(link)}&text=${encodeURIComponent(text)}`,
  };
}
