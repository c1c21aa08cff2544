import type { Offer } from '../offers/offer-types.ts';
import { localisedOfferText } from '../offers/offer-view-mapper.ts';
import { summariseSchedule } from '../search/search-view-mapper.ts';
import type { ViewContext } from '../web/view-context.ts';

/** A free text in the column's language when translated, else German marked as German. */
interface NoteText {
  text: string;
  lang: string | null;
}

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
  when: NoteText[];
  register: NoteText[];
  bring: NoteText | null;
}

function formatDay(iso: string, locale: string): string {
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(date);
}

const plain = (text: string): NoteText => ({ text, lang: null });

function localised(german: string | null, translated: string | null | undefined): NoteText | null {
  if (translated) return { text: translated, lang: null };
  return german ? { text: german, lang: 'de' } : null;
}

/** Dates of a dated course: period or start, the next start, rolling entry. */
function courseLines(offer: Offer, ctx: ViewContext): NoteText[] {
  const day = (iso: string) => formatDay(iso, ctx.locale);
  const lines: string[] = [];
  if (offer.startDate && offer.endDate) lines.push(ctx.t('referral.period', { start: day(offer.startDate), end: day(offer.endDate) }));
  else if (offer.startDate) lines.push(ctx.t('referral.startsOn', { date: day(offer.startDate) }));
  if (offer.nextStartDate && offer.nextStartDate !== offer.startDate) lines.push(ctx.t('referral.nextStart', { date: day(offer.nextStartDate) }));
  if (offer.rollingEntry) lines.push(ctx.t('referral.rollingEntry'));
  return lines.map(plain);
}

/** The times of an offer: weekly slots, appointments, course dates, notes, the end of the offer. */
function whenLines(offer: Offer, ctx: ViewContext): NoteText[] {
  const lines = [summariseSchedule(offer.schedule, offer.byAppointment, ctx)].filter((line) => line !== '').map(plain);
  if (offer.schedule.some((slot) => slot.everyOtherWeek)) lines.push(plain(ctx.t('referral.everyOtherWeek')));
  lines.push(...courseLines(offer, ctx));
  if (offer.scheduleNote) lines.push({ text: offer.scheduleNote, lang: 'de' });
  if (offer.validUntil && !offer.endDate) lines.push(plain(ctx.t('referral.until', { date: formatDay(offer.validUntil, ctx.locale) })));
  return lines;
}

/** How to register, in the column's language. */
function registerLines(offer: Offer, ctx: ViewContext, translation: Offer['translations'][number] | undefined): NoteText[] {
  const lines = [plain(offer.registrationRequired ? ctx.t('offer.registrationRequired') : ctx.t('offer.noRegistration'))];
  if (offer.registrationMethods.length > 0) lines.push(plain(offer.registrationMethods.map((method) => ctx.t(`referral.method.${method}`)).join(' · ')));
  const note = localised(offer.registrationNote, translation?.registrationNote);
  if (note) lines.push(note);
  if (offer.interpreterOnRequest) lines.push(plain(ctx.t('referral.interpreter')));
  return lines;
}

/** The column of an offer in one language. */
export function toSheetColumn(offer: Offer, ctx: ViewContext, dir: string): SheetColumn {
  const text = localisedOfferText(offer, ctx.locale);
  const translation = ctx.locale === 'de' ? undefined : offer.translations.find((candidate) => candidate.locale === ctx.locale);
  return {
    lang: ctx.locale,
    dir,
    labels: { what: ctx.t('referral.what'), when: ctx.t('offer.when'), register: ctx.t('referral.register'), bring: ctx.t('referral.bring'), online: ctx.t('offer.format.online') },
    title: text.title,
    summary: text.summary,
    textLang: text.textLang,
    germanNote: text.textLang ? ctx.t('offer.shownInGerman') : null,
    when: whenLines(offer, ctx),
    register: registerLines(offer, ctx, translation),
    bring: localised(offer.bringAlong, translation?.bringAlong),
  };
}

/** A pin is shown unless the address is given on request and the pin would give it away. */
const showsPin = (location: Offer['locations'][number]) =>
  location.latitude !== null && location.longitude !== null && !(location.addressOnRequest && (location.precision === 'exact' || location.precision === 'street'));

/** The parts of an offer that read the same in every language: places and contact. */
export function toSheetFacts(offer: Offer, addressOnRequest: string) {
  return {
    places: offer.locations.map((location) => ({
      name: location.name,
      lines: location.addressOnRequest ? [`${location.city} (${addressOnRequest})`] : [location.street, [location.postcode, location.city].filter(Boolean).join(' ')].filter(Boolean),
    })),
    online: offer.locations.length === 0,
    providerName: offer.provider.name,
    contactName: offer.contactName,
    phone: offer.phone,
    email: offer.email,
    website: offer.url,
    pins: offer.locations.filter(showsPin).map((location) => ({ lat: location.latitude!, lng: location.longitude! })),
  };
}
