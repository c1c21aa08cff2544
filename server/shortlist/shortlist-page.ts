import type { ViewContext } from '../web/view-context.ts';
import { openGraph } from '../web/open-graph.ts';
import type { ShortlistDeps } from './shortlist-routes.ts';
import { formatShortlistIds, parseShortlistIds } from './shortlist-ids.ts';
import { loadShortlist } from './shortlist-service.ts';
import { shareLinks, shortlistLink, toShortlistItem } from './shortlist-view-mapper.ts';

interface LocaleChoice {
  code: string;
  name: string;
}

/** The client's language for the sheet and the shared link: `?client=`, else the page's language. */
export function clientLanguage(raw: unknown, locales: LocaleChoice[], fallback: string): string {
  return typeof raw === 'string' && locales.some((locale) => locale.code === raw) ? raw : fallback;
}

/**
 * The shortlist page: the list from a shared address (`?ids=`) or from the
 * visitor's own cookie, with the links that pass it on in the client's language.
 */
export async function buildShortlistPage(deps: ShortlistDeps, raw: Record<string, unknown>, ownIds: number[], ctx: ViewContext & { locales: LocaleChoice[] }, baseUrl: string) {
  const sharedIds = raw.ids !== undefined ? parseShortlistIds(raw.ids) : null;
  const ids = sharedIds ?? ownIds;
  const shared = sharedIds !== null && formatShortlistIds(sharedIds) !== formatShortlistIds(ownIds);
  const client = clientLanguage(raw.client, ctx.locales, ctx.locale);
  const { offers, missing } = await loadShortlist(deps.db, ids);
  const visibleIds = offers.map((offer) => offer.id);
  const link = shortlistLink(baseUrl, visibleIds, client);
  const idText = formatShortlistIds(visibleIds);
  const clientQuery = `ids=${idText}&client=${client}${ctx.locale === 'de' ? '' : `&lang=${ctx.locale}`}`;
  return {
    items: offers.map((offer, index) => toShortlistItem(offer, ctx, index, offers.length)),
    idText,
    shared,
    missing,
    client,
    clientOptions: ctx.locales.map((locale) => ({ ...locale, selected: locale.code === client })),
    shareLink: link,
    share: shareLinks(link, ctx.t('shortlist.shareText')),
    qrSrc: `/shortlist/qr.svg?ids=${idText}${client === 'de' ? '' : `&lang=${client}`}`,
    sheetUrl: `/shortlist/sheet?${clientQuery}`,
    pdfUrl: `/shortlist/sheet.pdf?${clientQuery}`,
    og: openGraph({
      title: ctx.t('shortlist.ogTitle', { count: offers.length }),
      description: offers.map((offer) => offer.title).slice(0, 6).join(' · '),
      url: shortlistLink(baseUrl, visibleIds, ctx.locale),
      lang: ctx.locale,
    }),
  };
}
