import type { FieldIssue } from '../errors/app-errors.ts';
import type { OfferFormContext, OfferFormInput, OfferFormProblems } from './offer-form-types.ts';

export type { OfferFormProblems } from './offer-form-types.ts';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A rejected form: the field paths with their messages, and the schema's issue where it found one. */
export interface OfferFormRejection {
  fields: Record<string, string>;
  issues?: Record<string, FieldIssue>;
}

interface Problem {
  /** Where the message is shown. */
  key: string;
  /** The input to mark and link to. */
  anchor: string;
  messageKey: string;
  values?: Record<string, unknown>;
}

/** The form's order, so the summary reads top to bottom. */
const FORM_ORDER = [
  'title', 'summary', 'description', 'categories', 'targetGroups', 'languages', 'cost', 'costNote', 'ageMin', 'ageMax', 'format',
  'schedule', 'scheduleNote', 'startDate', 'endDate', 'nextStartDate', 'registrationMethods', 'registrationNote', 'bringAlong', 'locationIds', 'placeName', 'placeStreet', 'placeDistrict', 'placePostcode', 'placePin', 'contactName', 'phone', 'email', 'url', 'validFrom', 'validUntil', 'translations',
];

/** Text fields whose only limit is a length: the message names the field and the schema's maximum. */
const TOO_LONG: Record<string, string> = {
  summary: 'summaryTooLong',
  description: 'descriptionTooLong',
  costNote: 'costNoteTooLong',
  contactName: 'contactNameTooLong',
  phone: 'phoneTooLong',
  scheduleNote: 'scheduleNoteTooLong',
  registrationNote: 'registrationNoteTooLong',
  bringAlong: 'bringAlongTooLong',
};

/** Fields with one message whatever went wrong (a choice not made, a malformed value). */
const SIMPLE: Record<string, string> = {
  cost: 'cost',
  format: 'format',
  email: 'email',
  url: 'url',
  validFrom: 'date',
  startDate: 'date',
  nextStartDate: 'date',
};

/** The schema's limits as the reader writes numbers ("10.000" in German; Latin digits in Arabic, as the texts use). */
function limitValues(issue: FieldIssue | undefined, locale: string): Record<string, string> {
  const format = new Intl.NumberFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale);
  const values: Record<string, string> = {};
  if (issue?.minimum !== undefined) values.min = format.format(issue.minimum);
  if (issue?.maximum !== undefined) values.max = format.format(issue.maximum);
  return values;
}

/** An age: below the schema's minimum, above its maximum, not a whole number, or "to" below "from". */
function ageMessage(issue: FieldIssue | undefined): string {
  if (issue?.code === 'custom') return 'ageOrder';
  if (issue?.code === 'too_small') return 'ageTooSmall';
  if (issue?.code === 'too_big') return 'ageTooBig';
  return 'age';
}

function firstId(prefix: string, values: Array<string | number>, fallback: string): string {
  return values.length > 0 ? `${prefix}-${values[0]}` : fallback;
}

function scheduleProblem(path: string[], issue: FieldIssue | undefined): Problem {
  const index = Number(path[1]);
  const part = path[2] === 'weekday' || path[2] === 'opensAt' || path[2] === 'closesAt' ? path[2] : 'weekday';
  const messageKey = issue?.rule === 'order' ? 'scheduleOrder' : part === 'weekday' ? 'scheduleWeekday' : 'scheduleTime';
  return { key: `schedule-${index}`, anchor: `schedule-${index}-${part}`, messageKey, values: { row: index + 1 } };
}

function translationProblem(path: string[], issue: FieldIssue | undefined, input: OfferFormInput, ctx: OfferFormContext): Problem {
  const locale = input.translations[Number(path[1])]?.locale ?? 'en';
  const part = ['summary', 'description', 'registrationNote', 'bringAlong'].includes(path[2] ?? '') ? path[2]! : 'title';
  const id = `translation-${locale}-${part}`;
  const language = ctx.taxonomy.label('language', locale, ctx.locale);
  const messageKey = issue?.code === 'too_big' ? (part === 'title' ? 'translationTitleTooLong' : 'translationTooLong') : issue?.code === 'too_small' ? 'translationTitle' : 'general';
  return { key: id, anchor: id, messageKey, values: { language, ...limitValues(issue, ctx.locale) } };
}

/**
 * The message for a field whose wording follows the schema's issue: which
 * limit was broken, with the schema's own number, or which rule (an end
 * before its start). Undefined for fields worded otherwise.
 */
function issueProblem(name: string, issue: FieldIssue | undefined, ctx: OfferFormContext): Problem | undefined {
  const at = (messageKey: string) => ({ key: name, anchor: name, messageKey, values: limitValues(issue, ctx.locale) });
  if (name === 'title') return at(issue?.code === 'too_big' ? 'titleTooLong' : issue?.code === 'too_small' ? 'titleTooShort' : 'general');
  if (name === 'ageMin' || name === 'ageMax') return at(ageMessage(issue));
  if (name === 'validUntil') return at(issue?.rule === 'order' ? 'dateOrder' : 'date');
  if (name === 'endDate') return at(issue?.rule === 'order' ? 'courseDateOrder' : 'date');
  if (TOO_LONG[name]) return at(issue?.code === 'too_big' ? TOO_LONG[name] : 'general');
  return undefined;
}

/** The new address's message keys by field and PlaceProblem (see place-input.ts). */
const PLACE_MESSAGES: Record<string, Record<string, string>> = {
  placeName: { tooLong: 'placeNameTooLong' },
  placeStreet: { tooLong: 'placeStreetTooLong' },
  placePostcode: { postcodeUnknown: 'placePostcodeUnknown', postcodeNotInTown: 'placePostcodeNotInTown' },
  placeDistrict: { townUnknown: 'placeTownUnknown' },
  placePin: {},
};
const PLACE_DEFAULT: Record<string, string> = {
  placeName: 'placeNameTooLong',
  placeStreet: 'placeStreetMissing',
  placePostcode: 'placePostcode',
  placeDistrict: 'placeTownMissing',
  placePin: 'placePinTooFar',
};

/** A problem with the new address; the town named is the one chosen, or the one the postcode belongs to. */
function placeProblem(field: string, problem: string | undefined, input: OfferFormInput, ctx: OfferFormContext): Problem {
  const town = ctx.region?.districts.find((district) => district.slug === input.place.district)
    ?? ctx.region?.districts.find((district) => district.postcodes.some((postcode) => postcode.code === input.place.postcode));
  const messageKey = PLACE_MESSAGES[field]?.[problem ?? ''] ?? PLACE_DEFAULT[field]!;
  return { key: field, anchor: field === 'placePin' ? 'placeMap' : field, messageKey, values: { postcode: input.place.postcode, town: town?.name ?? '' } };
}

/** "No place chosen": with a new-address part in the form, the message points there too. */
function locationsProblem(input: OfferFormInput, ctx: OfferFormContext): Problem {
  const anchor = firstId('location', ctx.locations.map((location) => location.id), 'format-online');
  const at = (messageKey: string, target = anchor) => ({ key: 'locationIds', anchor: target, messageKey });
  if (ctx.region) {
    if (ctx.locations.length === 0) return at('placeMissing', 'placeStreet');
    if (input.locationIds.length === 0) return at('locationsMissingOrNew');
  }
  if (ctx.locations.length === 0) return at('locationsNone');
  return at(input.locationIds.length === 0 ? 'locationsMissing' : 'locationsForeign');
}

/**
 * Maps one field path of a ValidationError to the message a provider reads:
 * the schema's issue decides where it has one, else the value typed.
 */
function describe(field: string, value: string | undefined, issue: FieldIssue | undefined, input: OfferFormInput, ctx: OfferFormContext): Problem {
  const path = field.split('.');
  const name = path[0]!;
  const fromIssue = issueProblem(name, issue, ctx);
  if (fromIssue) return fromIssue;
  const at = (messageKey: string, anchor = name) => ({ key: name, anchor, messageKey });
  const firstCategory = ctx.taxonomy.subcategories(ctx.taxonomy.topCategories()[0]?.slug ?? '')[0]?.slug;
  switch (name) {
    case 'registrationMethods':
      return at('registrationMethods', 'registrationMethod-walk-in');
    case 'categories':
      return at(input.categories.length === 0 ? 'categoriesMissing' : 'categoriesUnknown', firstCategory ? `category-${firstCategory}` : 'categories');
    case 'targetGroups':
      return at('targetGroupsUnknown', firstId('target', ctx.taxonomy.terms('target').map((term) => term.slug), 'targetGroups'));
    case 'languages':
      return at(input.languages.length === 0 ? 'languagesMissing' : 'languagesUnknown', firstId('language', ctx.taxonomy.terms('language').map((term) => term.slug), 'languages'));
    case 'locationIds':
      return locationsProblem(input, ctx);
    case 'placeName':
    case 'placeStreet':
    case 'placePostcode':
    case 'placeDistrict':
    case 'placePin':
      return placeProblem(name, value, input, ctx);
    case 'schedule':
      return path.length >= 2 ? scheduleProblem(path, issue) : at('scheduleTime', 'schedule-0-weekday');
    case 'translations':
      return translationProblem(path, issue, input, ctx);
    case 'cost':
      return at('cost', 'cost-free');
    case 'format':
      return at('format', 'format-in-person');
    default:
      return SIMPLE[name] ? at(SIMPLE[name]) : { key: 'form', anchor: 'title', messageKey: 'general' };
  }
}

function orderOf(field: string): number {
  const index = FORM_ORDER.indexOf(field.split('.')[0]!);
  return index === -1 ? FORM_ORDER.length : index;
}

/**
 * Turns a ValidationError (schema paths with English messages, and the
 * schema's issues) into sentences in the reader's language, one per place in
 * the form, in the form's order. Limits in the sentences are the schema's own.
 */
export function toOfferFormProblems(rejection: OfferFormRejection, input: OfferFormInput, ctx: OfferFormContext, t: Translate): OfferFormProblems {
  const { fields, issues = {} } = rejection;
  const problems: OfferFormProblems = { messages: {}, invalid: {}, summary: [] };
  const sorted = Object.keys(fields).sort((a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b, 'en', { numeric: true }));
  for (const field of sorted) {
    const problem = describe(field, fields[field], issues[field], input, ctx);
    problems.invalid[problem.anchor] = true;
    if (problems.messages[problem.key] !== undefined) continue;
    const text = t(`offerForm.errors.${problem.messageKey}`, problem.values);
    problems.messages[problem.key] = text;
    problems.summary.push({ href: `#${problem.anchor}`, text });
  }
  return problems;
}
