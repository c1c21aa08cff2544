import type { Location, OfferInput, OfferTranslation, ScheduleSlot } from '../offers/offer-types.ts';
import { placeAddressLine } from '../offers/offer-details-view.ts';
import { formatTime, weekdayNames } from '../i18n/time-format.ts';
import type { Taxonomy, Vocabulary } from '../taxonomy/taxonomy.ts';

export interface DiffContext {
  taxonomy: Taxonomy;
  /** The staff member's UI language. */
  locale: string;
  t: (key: string, values?: Record<string, unknown>) => string;
  /** Every place the published or the proposed version may name. */
  places: Location[];
}

export interface DiffRow {
  field: string;
  before: string;
  after: string;
}

/** Shown for a field left empty. */
const EMPTY = '—';

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Labels in alphabetical order, so the published and the proposed list read alike whatever order they were stored in. */
function labels(vocabulary: Vocabulary, value: unknown, ctx: DiffContext): string {
  return list(value).map((slug) => ctx.taxonomy.label(vocabulary, String(slug), ctx.locale)).sort((a, b) => a.localeCompare(b, ctx.locale)).join(', ');
}

/** One line per weekly slot: "Dienstag 10:00–12:00". */
function scheduleText(value: unknown, ctx: DiffContext): string {
  const names = weekdayNames(ctx.locale, 'long');
  return (list(value) as ScheduleSlot[])
    .map((slot) => {
      const line = `${names[slot.weekday] ?? slot.weekday} ${formatTime(slot.opensAt, ctx.locale)}–${formatTime(slot.closesAt, ctx.locale)}`;
      return slot.everyOtherWeek ? `${line} (${ctx.t('offer.everyOtherWeek')})` : line;
    })
    .join('\n');
}

/** One line per place: its name and address. */
function placesText(value: unknown, ctx: DiffContext): string {
  const byId = new Map(ctx.places.map((place) => [place.id, place]));
  return list(value)
    .map((id) => {
      const place = byId.get(Number(id));
      return place ? `${place.name}, ${placeAddressLine(place, ctx.t)}` : ctx.t('moderation.unknownPlace', { id: String(id) });
    })
    .join('\n');
}

/** Each translation as its language, title, summary and description, with a blank line between languages. */
function translationsText(value: unknown, ctx: DiffContext): string {
  return (list(value) as OfferTranslation[])
    .map((translation) =>
      [`${ctx.taxonomy.label('language', translation.locale, ctx.locale)}: ${translation.title}`, translation.summary, translation.description, translation.registrationNote ?? '', translation.bringAlong ?? '']
        .filter((part) => part.trim() !== '')
        .join('\n'),
    )
    .join('\n\n');
}

function dateText(value: unknown, ctx: DiffContext): string {
  const date = new Date(`${String(value)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? String(value) : new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

const yesNo = (value: unknown, ctx: DiffContext) => ctx.t(value ? 'moderation.yes' : 'moderation.no');

/** How a field's value reads; fields not listed are plain text or numbers. */
const FORMATTERS: Partial<Record<keyof OfferInput, (value: unknown, ctx: DiffContext) => string>> = {
  categories: (value, ctx) => labels('category', value, ctx),
  targetGroups: (value, ctx) => labels('target', value, ctx),
  languages: (value, ctx) => labels('language', value, ctx),
  cost: (value, ctx) => ctx.t(`offer.cost.${String(value)}`),
  format: (value, ctx) => ctx.t(`offer.format.${String(value)}`),
  byAppointment: yesNo,
  registrationRequired: yesNo,
  childcare: yesNo,
  womenOnly: yesNo,
  schedule: scheduleText,
  locationIds: placesText,
  translations: translationsText,
  validFrom: dateText,
  validUntil: dateText,
  startDate: dateText,
  endDate: dateText,
  nextStartDate: dateText,
  rollingEntry: yesNo,
  interpreterOnRequest: yesNo,
  registrationMethods: (value, ctx) => list(value).map((method) => ctx.t(`offer.registrationMethod.${String(method)}`)).join(', '),
};

/** A field's value as staff read it: labels instead of slugs, places by address, "Ja"/"Nein", dates and times in their language. */
export function showValue(field: keyof OfferInput, value: unknown, ctx: DiffContext): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return EMPTY;
  const format = FORMATTERS[field];
  return format ? format(value, ctx) : String(value);
}

/** The rows of the review table: the field's name, the published and the proposed value. */
export function toDiffRows(changes: Array<{ field: keyof OfferInput; before: unknown; after: unknown }>, ctx: DiffContext): DiffRow[] {
  return changes.map((change) => ({
    field: ctx.t(`moderation.fields.${change.field}`),
    before: showValue(change.field, change.before, ctx),
    after: showValue(change.field, change.after, ctx),
  }));
}
