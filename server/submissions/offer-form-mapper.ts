import { completeOfferInput } from '../offers/offer-schema.ts';
import type { Location, Offer, OfferInput } from '../offers/offer-types.ts';
import { COSTS, FORMATS } from '../offers/offer-types.ts';
import { placeAddressLine } from '../offers/offer-details-view.ts';
import { weekdayNames } from '../i18n/time-format.ts';
import type { OfferFormContext, OfferFormInput, OfferFormProblems } from './offer-form-types.ts';
import { newPlaceValues, readNewPlace } from './new-place.ts';
import { readOfferFormDetails, toOfferFormDetailValues } from './offer-form-details.ts';

export type { OfferFormContext, OfferFormInput } from './offer-form-types.ts';

/** The languages a provider may add a translation in, in the order the form shows them. */
export const TRANSLATION_LOCALES = ['en', 'ar', 'fa', 'tr', 'uk', 'ru'] as const;

/** The form always offers at least this many schedule rows; empty rows are ignored. */
export const SCHEDULE_ROWS = 7;

type Body = Record<string, unknown>;

/** A single text value; a repeated key (a tampered form) counts with its first value. */
function text(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Trimmed text, or null when nothing was typed. */
function optional(value: unknown): string | null {
  const trimmed = text(value).trim();
  return trimmed === '' ? null : trimmed;
}

/** Repeated checkbox names arrive as an array, a single one as a string. */
function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return [...new Set(values.filter((item): item is string => typeof item === 'string' && item !== ''))];
}

/** Whole numbers become numbers; anything else typed stays text for the schema to name. */
function integer(value: unknown): number | string | null {
  const trimmed = text(value).trim();
  if (trimmed === '') return null;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function flag(value: unknown): boolean {
  return text(value) !== '';
}

/** Rows named schedule[0][weekday], schedule[0][opensAt], …; rows left empty are dropped. */
function readSchedule(body: Body): OfferFormInput['schedule'] {
  const rows = new Map<number, Record<string, string>>();
  for (const key of Object.keys(body)) {
    const match = /^schedule\[(\d{1,2})\]\[(weekday|opensAt|closesAt|everyOtherWeek)\]$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    rows.set(index, { ...rows.get(index), [match[2]!]: text(body[key]).trim() });
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => ({ weekday: row.weekday ?? '', opensAt: row.opensAt ?? '', closesAt: row.closesAt ?? '', ...(row.everyOtherWeek ? { everyOtherWeek: true } : {}) }))
    .filter((row) => row.weekday !== '' || row.opensAt !== '' || row.closesAt !== '')
    .map((row) => ({ ...row, weekday: /^[1-7]$/.test(row.weekday) ? Number(row.weekday) : row.weekday }));
}

/**
 * Translations named translations[en][title] and so on. One left wholly empty is
 * dropped; one with a summary or description but no title is kept, so the
 * schema asks for the title instead of the typed text silently disappearing.
 */
function readTranslations(body: Body): OfferFormInput['translations'] {
  return TRANSLATION_LOCALES.map((locale): OfferFormInput['translations'][number] => {
    const field = (name: string) => text(body[`translations[${locale}][${name}]`]).trim();
    const notes = { registrationNote: field('registrationNote'), bringAlong: field('bringAlong') };
    return {
      locale,
      title: field('title'),
      summary: field('summary'),
      description: field('description'),
      // The notes only when typed, so a translation without them reads as before.
      ...Object.fromEntries(Object.entries(notes).filter(([, value]) => value !== '')),
    };
  }).filter((t) => t.title !== '' || t.summary !== '' || t.description !== '' || t.registrationNote !== undefined || t.bringAlong !== undefined);
}

/** Parses the urlencoded offer form into the raw input that createOwnDraft and saveOwnOffer expect. */
export function toOfferFormInput(body: unknown): OfferFormInput {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Body;
  return {
    title: text(form.title),
    summary: text(form.summary),
    description: text(form.description),
    cost: optional(form.cost) ?? undefined,
    costNote: optional(form.costNote),
    ageMin: integer(form.ageMin),
    ageMax: integer(form.ageMax),
    format: optional(form.format) ?? undefined,
    byAppointment: flag(form.byAppointment),
    registrationRequired: flag(form.registrationRequired),
    childcare: flag(form.childcare),
    womenOnly: flag(form.womenOnly),
    contactName: optional(form.contactName),
    phone: optional(form.phone),
    email: optional(form.email),
    url: optional(form.url),
    validFrom: optional(form.validFrom),
    validUntil: optional(form.validUntil),
    categories: list(form.categories),
    targetGroups: list(form.targetGroups),
    languages: list(form.languages),
    schedule: readSchedule(form),
    translations: readTranslations(form),
    locationIds: list(form.locationIds).map((id) => integer(id) ?? id),
    place: readNewPlace(form),
    ...readOfferFormDetails(form),
  };
}

/** What a new offer starts with: free, in person, in German, at the provider's only place if it has one. */
export function emptyOfferForm(locations: Location[]): OfferFormInput {
  return {
    ...toOfferFormInput({}),
    cost: 'free',
    format: 'in-person',
    languages: ['de'],
    locationIds: locations.length === 1 ? [locations[0]!.id] : [],
  };
}

/** A stored offer, a proposed revision or a sent form, all as form input. */
export function asOfferFormInput(source: Offer | OfferInput | OfferFormInput): OfferFormInput {
  if (!('providerId' in source)) return source;
  const locationIds = 'locations' in source ? source.locations.map((location) => location.id) : source.locationIds;
  return { ...toOfferFormInput({}), ...completeOfferInput({ ...source, locationIds }) } as OfferFormInput;
}


const fieldText = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

function option(prefix: string, value: string, label: string, checked: ReadonlySet<string>) {
  return { value, id: `${prefix}-${value}`, label, checked: checked.has(value) };
}

/** Categories grouped by their top category; a top category itself is offered only when the offer already has it. */
function categoryGroups(input: OfferFormInput, ctx: OfferFormContext) {
  const checked = new Set(input.categories);
  return ctx.taxonomy.topCategories().map((top) => ({
    slug: top.slug,
    label: ctx.taxonomy.label('category', top.slug, ctx.locale),
    options: [
      ...(checked.has(top.slug) ? [option('category', top.slug, ctx.taxonomy.label('category', top.slug, ctx.locale), checked)] : []),
      ...ctx.taxonomy.subcategories(top.slug).map((term) => option('category', term.slug, ctx.taxonomy.label('category', term.slug, ctx.locale), checked)),
    ],
  }));
}

function languageOptions(input: OfferFormInput, ctx: OfferFormContext) {
  const checked = new Set(input.languages);
  return ctx.taxonomy.terms('language').map((term) => {
    const label = ctx.taxonomy.label('language', term.slug, ctx.locale);
    const native = String(term.attributes.native ?? '');
    return {
      ...option('language', term.slug, label, checked),
      native: native === label ? '' : native,
      dir: term.attributes.dir === 'rtl' ? 'rtl' : 'ltr',
      // What the type-ahead filter matches: the label, the native name, the code and the German name.
      search: [label, native, term.slug, term.labels.de ?? '', term.labels.en ?? ''].join(' ').toLocaleLowerCase(),
    };
  });
}

const NO_PROBLEMS: OfferFormProblems = { messages: {}, invalid: {}, summary: [] };

function scheduleRows(input: OfferFormInput, ctx: OfferFormContext, problems: OfferFormProblems) {
  const names = weekdayNames(ctx.locale, 'long');
  const count = Math.max(SCHEDULE_ROWS, input.schedule.length + 2);
  return Array.from({ length: count }, (_unused, index) => {
    const slot = input.schedule[index];
    const id = `schedule-${index}`;
    return {
      index,
      number: index + 1,
      id,
      opensAt: slot?.opensAt ?? '',
      closesAt: slot?.closesAt ?? '',
      everyOtherWeek: slot?.everyOtherWeek === true,
      error: problems.messages[id],
      weekdayInvalid: problems.invalid[`${id}-weekday`] === true,
      opensAtInvalid: problems.invalid[`${id}-opensAt`] === true,
      closesAtInvalid: problems.invalid[`${id}-closesAt`] === true,
      weekdays: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: day, label: names[day] ?? String(day), selected: String(slot?.weekday ?? '') === String(day) })),
    };
  });
}

const TRANSLATION_FIELDS = [
  { part: 'title', maxlength: 140, rows: 0 },
  { part: 'summary', maxlength: 400, rows: 2 },
  { part: 'description', maxlength: 10_000, rows: 6 },
  { part: 'registrationNote', maxlength: 500, rows: 2 },
  { part: 'bringAlong', maxlength: 500, rows: 2 },
] as const;

function translationBlocks(input: OfferFormInput, ctx: OfferFormContext, problems: OfferFormProblems) {
  return TRANSLATION_LOCALES.map((locale) => {
    const translation = input.translations.find((candidate) => candidate.locale === locale);
    const term = ctx.taxonomy.get('language', locale);
    const fields = TRANSLATION_FIELDS.map(({ part, maxlength, rows }) => ({
      id: `translation-${locale}-${part}`,
      name: `translations[${locale}][${part}]`,
      labelKey: `offerForm.translations.${part}`,
      value: (translation?.[part] as string | null | undefined) ?? '',
      error: problems.messages[`translation-${locale}-${part}`],
      textarea: rows > 0,
      rows,
      maxlength,
    }));
    return {
      locale,
      id: `translation-${locale}`,
      language: ctx.taxonomy.label('language', locale, ctx.locale),
      native: String(term?.attributes.native ?? locale),
      dir: term?.attributes.dir === 'rtl' ? 'rtl' : 'ltr',
      fields,
      filled: translation !== undefined,
      machine: translation !== undefined && 'machine' in translation && translation.machine !== undefined,
      // Collapsed, unless something in it needs fixing.
      open: fields.some((field) => field.error !== undefined),
    };
  });
}

/** Everything the offer form template shows, with the boxes ticked and the fields filled from `source`. */
export function toOfferFormValues(source: Offer | OfferInput | OfferFormInput, ctx: OfferFormContext, problems: OfferFormProblems = NO_PROBLEMS) {
  const input = asOfferFormInput(source);
  const targets = new Set(input.targetGroups);
  const places = new Set(input.locationIds.map(String));
  return {
    title: input.title,
    summary: input.summary,
    description: input.description,
    costNote: fieldText(input.costNote),
    ageMin: fieldText(input.ageMin),
    ageMax: fieldText(input.ageMax),
    contactName: fieldText(input.contactName),
    phone: fieldText(input.phone),
    email: fieldText(input.email),
    url: fieldText(input.url),
    validFrom: fieldText(input.validFrom),
    validUntil: fieldText(input.validUntil),
    byAppointment: input.byAppointment,
    registrationRequired: input.registrationRequired,
    childcare: input.childcare,
    womenOnly: input.womenOnly,
    costs: COSTS.map((cost) => ({ value: cost, id: `cost-${cost}`, labelKey: `offer.cost.${cost}`, checked: input.cost === cost })),
    formats: FORMATS.map((format) => ({ value: format, id: `format-${format}`, labelKey: `offer.format.${format}`, checked: input.format === format })),
    categoryGroups: categoryGroups(input, ctx),
    targetGroups: ctx.taxonomy.terms('target').map((term) => option('target', term.slug, ctx.taxonomy.label('target', term.slug, ctx.locale), targets)),
    languages: languageOptions(input, ctx),
    scheduleRows: scheduleRows(input, ctx, problems),
    locations: ctx.locations.map((location) => ({
      value: location.id,
      id: `location-${location.id}`,
      name: location.name,
      address: placeAddressLine(location, ctx.t),
      checked: places.has(String(location.id)),
    })),
    translations: translationBlocks(input, ctx, problems),
    place: ctx.region ? newPlaceValues(input.place, ctx.region, problems.messages, ctx.locations.length === 0) : null,
    ...toOfferFormDetailValues(input),
  };
}

export type OfferFormValues = ReturnType<typeof toOfferFormValues>;
