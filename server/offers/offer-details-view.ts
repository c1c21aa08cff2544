import { formatList } from '../i18n/i18n.ts';
import { formatTime, weekdayNames } from '../i18n/time-format.ts';
import type { Translate, ViewContext } from '../web/view-context.ts';
import { formatDay } from './course-dates.ts';
import type { Location, Offer, OfferTranslation } from './offer-types.ts';

/**
 * Structured parts of the offer page (times, course dates, registration,
 * places), each a plain object a template can place where it likes: the page
 * order may change, the parts stay the same.
 */

export interface ScheduleSlotView {
  day: string;
  from: string;
  to: string;
  everyOtherWeek: boolean;
  /** "alle 14 Tage" for an every-other-week slot, else null. */
  rhythm: string | null;
}

export function toScheduleView(offer: Pick<Offer, 'schedule'>, ctx: ViewContext): ScheduleSlotView[] {
  const names = weekdayNames(ctx.locale, 'long');
  return offer.schedule.map((slot) => ({
    day: names[slot.weekday] ?? String(slot.weekday),
    from: formatTime(slot.opensAt, ctx.locale),
    to: formatTime(slot.closesAt, ctx.locale),
    everyOtherWeek: slot.everyOtherWeek === true,
    rhythm: slot.everyOtherWeek ? ctx.t('offer.everyOtherWeek') : null,
  }));
}

export interface ScheduleRowView {
  /** "Montag, Dienstag und Freitag": the days that share these times. */
  days: string;
  from: string;
  to: string;
  rhythm: string | null;
}

/** Days as the reader says them: three or more days in a row as a range ("Montag bis Freitag"), the rest listed. */
function dayList(weekdays: number[], ctx: ViewContext): string {
  const names = weekdayNames(ctx.locale, 'long');
  const sorted = [...new Set(weekdays)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let index = 0; index < sorted.length; ) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end += 1;
    if (end - index >= 2) {
      parts.push(ctx.t('offer.dayRange', { from: names[sorted[index]!], to: names[sorted[end]!] }));
      index = end + 1;
    } else {
      parts.push(names[sorted[index]!] ?? String(sorted[index]));
      index += 1;
    }
  }
  return formatList(parts, ctx.locale);
}

/**
 * The weekly times with the days that share them in one row ("Montag bis
 * Freitag 09:00–12:15" reads as one line instead of five), in the order the
 * provider gave the slots.
 */
export function toScheduleRows(offer: Pick<Offer, 'schedule'>, ctx: ViewContext): ScheduleRowView[] {
  const rows = new Map<string, { weekdays: number[]; slot: Offer['schedule'][number] }>();
  for (const slot of offer.schedule) {
    const key = `${slot.opensAt}|${slot.closesAt}|${slot.everyOtherWeek === true}`;
    const row = rows.get(key);
    if (row) row.weekdays.push(slot.weekday);
    else rows.set(key, { weekdays: [slot.weekday], slot });
  }
  return [...rows.values()].map(({ weekdays, slot }) => ({
    days: dayList(weekdays, ctx),
    from: formatTime(slot.opensAt, ctx.locale),
    to: formatTime(slot.closesAt, ctx.locale),
    rhythm: slot.everyOtherWeek ? ctx.t('offer.everyOtherWeek') : null,
  }));
}

export interface CourseView {
  start: string | null;
  end: string | null;
  nextStart: string | null;
  rollingEntry: boolean;
  /** Ready sentences in the reader's language, in reading order. */
  lines: string[];
}

/** The dates of a dated course, or null for an offer without any. */
export function toCourseView(offer: Pick<Offer, 'startDate' | 'endDate' | 'nextStartDate' | 'rollingEntry'>, ctx: ViewContext): CourseView | null {
  const start = formatDay(offer.startDate, ctx.locale);
  const end = formatDay(offer.endDate, ctx.locale);
  const nextStart = offer.nextStartDate && offer.nextStartDate !== offer.startDate ? formatDay(offer.nextStartDate, ctx.locale) : null;
  if (!start && !end && !nextStart && !offer.rollingEntry) return null;
  const lines = [
    start && end ? ctx.t('offer.course.period', { start, end }) : start ? ctx.t('offer.course.starts', { date: start }) : end ? ctx.t('offer.course.ends', { date: end }) : null,
    nextStart ? ctx.t('offer.course.nextStart', { date: nextStart }) : null,
    offer.rollingEntry ? ctx.t('offer.course.rollingEntry') : null,
  ].filter((line): line is string => line !== null);
  return { start, end, nextStart, rollingEntry: offer.rollingEntry, lines };
}

/** A free text in the reader's language when translated, else German marked as German. */
function localisedNote(german: string | null, translated: string | null | undefined): { text: string; lang: string | null } | null {
  if (translated) return { text: translated, lang: null };
  return german ? { text: german, lang: 'de' } : null;
}

export interface RegistrationView {
  required: boolean;
  /** The ways to register, each as a sentence ("Telefonisch"). */
  methods: Array<{ value: string; label: string }>;
  note: { text: string; lang: string | null } | null;
  bringAlong: { text: string; lang: string | null } | null;
  interpreterOnRequest: boolean;
}

type RegistrationFields = Pick<Offer, 'registrationRequired' | 'registrationMethods' | 'registrationNote' | 'bringAlong' | 'interpreterOnRequest'>;

/** How to register, what to bring, and whether an interpreter can be arranged; notes in the reader's language when translated. */
export function toRegistrationView(offer: RegistrationFields, translation: OfferTranslation | undefined, ctx: ViewContext): RegistrationView {
  return {
    required: offer.registrationRequired,
    methods: offer.registrationMethods.map((method) => ({ value: method, label: ctx.t(`offer.registrationMethod.${method}`) })),
    note: localisedNote(offer.registrationNote, translation?.registrationNote),
    bringAlong: localisedNote(offer.bringAlong, translation?.bringAlong),
    interpreterOnRequest: offer.interpreterOnRequest,
  };
}

/** Rough radius of uncertainty for a pin, in metres, for the map's circle. */
const APPROXIMATE_RADIUS_M: Record<Location['precision'], number | null> = { exact: null, street: 250, postcode: 900, town: 1800 };

/** One line of address that leaves out what is missing or kept back: "Marktstraße 16, 58452 Witten". */
export function placeAddressLine(location: Pick<Location, 'street' | 'postcode' | 'city' | 'addressOnRequest'>, t?: Translate): string {
  if (location.addressOnRequest) return t ? `${location.city} (${t('offer.addressOnRequest')})` : location.city;
  return [location.street, [location.postcode, location.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

export interface PlaceView {
  name: string;
  street: string | null;
  postcode: string | null;
  city: string;
  district: string;
  stepFree: boolean;
  addressOnRequest: boolean;
  precision: Location['precision'];
  /** "Lage ungefähr: Ortsmitte" for a pin that is not at the address, else null. */
  approximate: string | null;
  approximateRadiusM: number | null;
  hasPin: boolean;
  lat: number | null;
  lng: number | null;
}

/** A place as the public sees it: an address given on request shows the town only, and an exact pin of it stays off the map. */
export function toPlaceView(location: Location, ctx: ViewContext): PlaceView {
  const hidesPin = location.addressOnRequest && (location.precision === 'exact' || location.precision === 'street');
  const hasPin = !hidesPin && location.latitude !== null && location.longitude !== null;
  return {
    name: location.name,
    street: location.addressOnRequest ? null : location.street,
    postcode: location.addressOnRequest ? null : location.postcode,
    city: location.city,
    district: ctx.taxonomy.label('district', location.district, ctx.locale),
    stepFree: location.stepFree,
    addressOnRequest: location.addressOnRequest,
    precision: location.precision,
    approximate: hasPin && location.precision !== 'exact' ? ctx.t('offer.approximate', { where: ctx.t(`offer.precision.${location.precision}`) }) : null,
    approximateRadiusM: hasPin ? APPROXIMATE_RADIUS_M[location.precision] : null,
    hasPin,
    lat: hasPin ? location.latitude : null,
    lng: hasPin ? location.longitude : null,
  };
}
