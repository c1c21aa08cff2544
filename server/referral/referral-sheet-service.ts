import type { Database } from '../db/db-connection.ts';
import type { Region } from '../region/region-config.ts';
import type { Translate } from '../web/view-context.ts';
import { loadShortlist } from '../shortlist/shortlist-service.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { qrCodeSvg } from './qr-code.ts';
import { toSheetColumn, toSheetFacts } from './referral-sheet-mapper.ts';
import { renderStaticMapSvg } from './static-map.ts';

export interface ReferralSheetDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  translatorFor: (locale: string) => Translate;
  directionOf: (locale: string) => string;
  clock: () => Date;
}

/**
 * Everything the referral sheet prints: per offer a German column and one in
 * the client's language (only German when the client reads German), the
 * places with a small map, the contact, and a QR code to the offer page in the
 * client's language. Notes are not part of it: they never reach the server.
 */
export async function buildReferralSheet(deps: ReferralSheetDeps, ids: number[], client: string, baseUrl: string) {
  const { offers } = await loadShortlist(deps.db, ids);
  const languages = client === 'de' ? ['de'] : ['de', client];
  const contexts = languages.map((locale) => ({ ctx: { taxonomy: deps.taxonomy, locale, t: deps.translatorFor(locale), basePath: '/search' }, dir: deps.directionOf(locale) }));
  const clientT = deps.translatorFor(client);
  const germanT = deps.translatorFor('de');
  const entries = await Promise.all(
    offers.map(async (offer, index) => {
      const facts = toSheetFacts(offer);
      const offerUrl = `${baseUrl}/offers/${offer.slug}${client === 'de' ? '' : `?lang=${client}`}`;
      return {
        id: offer.id,
        number: index + 1,
        columns: contexts.map(({ ctx, dir }) => toSheetColumn(offer, ctx, dir)),
        ...facts,
        map: facts.pins.length > 0 ? renderStaticMapSvg(deps.region, facts.pins, germanT('referral.mapLabel', { region: deps.region.name })) : null,
        qr: await qrCodeSvg(offerUrl, clientT('referral.qrCaption')),
        offerUrl,
      };
    }),
  );
  const today = new Intl.DateTimeFormat('de', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(deps.clock());
  return {
    ids: offers.map((offer) => offer.id),
    client,
    heads: contexts.map(({ ctx, dir }) => ({ lang: ctx.locale, dir, title: ctx.t('referral.sheetTitle'), labels: { where: ctx.t('offer.where'), contact: ctx.t('offer.contact'), qr: ctx.t('referral.qrCaption'), note: ctx.t('referral.note') } })),
    bilingual: languages.length > 1,
    entries,
    stand: germanT('referral.printedOn', { date: today }),
  };
}
