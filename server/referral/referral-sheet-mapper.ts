import type { Offer } from '../offers/offer-types.ts';
import { localisedOfferText } from '../offers/offer-view-mapper.ts';
import { summariseSchedule } from '../search/search-view-mapper.ts';
import type { ViewContext } from '../web/view-context.ts';

/** One language column of one offer on the referral sheet: labels and texts in that language. */
export interface SheetColumn {
  lang: string;
  dir: string;
  labels: { what: string; when: string; register: string; bring: string; online: string };
  title: string;
  summary: string;
  /** 'de' when the offer has no text in this column's language and German is shown instead. */
  textLang: string | null;
  germanNote: string | null;
  when: string[];
  register: string[];
  bring: string | null;
}

/** The times of an offer as lines in the column's language: weekly slots, appointments, period. */
function whenLines(offer: Offer, ctx: ViewContext): string[] {
  const lines = [summariseSchedule(offer.schedule, offer.byAppointment, ctx)];
  if (offer.validUntil) lines.push(ctx.t('referral.until', { date: formatDay(offer.validUntil, ctx.locale) }));
  return lines.filter((line) => line !== '');
}

function formatDay(iso: string, locale: string): string {
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(date);
}

/** How to register, as lines in the column's language. */
function registerLines(offer: Offer, ctx: ViewContext): string[] {
  return [offer.registrationRequired ? ctx.t('offer.registrationRequired') : ctx.t('offer.noRegistration')];
}

/** The column of an offer in one language. */
export function toSheetColumn(offer: Offer, ctx: ViewContext, dir: string): SheetColumn {
  const text = localisedOfferText(offer, ctx.locale);
  return {
    lang: ctx.locale,
    dir,
    labels: { what: ctx.t('referral.what'), when: ctx.t('offer.when'), register: ctx.t('referral.register'), bring: ctx.t('referral.bring'), online: ctx.t('offer.format.online') },
    title: text.title,
    summary: text.summary,
    textLang: text.textLang,
    germanNote: text.textLang ? ctx.t('offer.shownInGerman') : null,
    when: whenLines(offer, ctx),
    register: registerLines(offer, ctx),
    bring: null,
  };
}

/** The parts of an offer that read the same in every language: places and contact. */
export function toSheetFacts(offer: Offer) {
  return {
    places: offer.locations.map((location) => ({ name: location.name, lines: [location.street, [location.postcode, location.city].filter(Boolean).join(' ')].filter(Boolean) })),
    online: offer.locations.length === 0,
    providerName: offer.provider.name,
    contactName: offer.contactName,
    phone: offer.phone,
    email: offer.email,
    website: offer.url,
    pins: offer.locations.flatMap((location) => (location.latitude !== null && location.longitude !== null ? [{ lat: location.latitude, lng: location.longitude }] : [])),
  };
}
