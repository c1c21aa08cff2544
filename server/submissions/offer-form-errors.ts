import type { OfferFormContext, OfferFormInput } from './offer-form-mapper.ts';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** What the form shows for a rejected input: messages by place, the inputs to mark, and the summary's links. */
export interface OfferFormProblems {
  /** Message per input id ("title"), group ("categories"), schedule row ("schedule-0") or translation field ("translation-en-title"). */
  messages: Record<string, string>;
  /** Input ids to mark with aria-invalid. */
  invalid: Record<string, boolean>;
  /** One entry per message, in form order, linking to the first input it concerns. */
  summary: Array<{ href: string; text: string }>;
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

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isAge = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 120;

/** The field's own message; simple fields name themselves, so one key per field is enough. */
const SIMPLE: Record<string, string> = {
  summary: 'summaryTooLong',
  description: 'descriptionTooLong',
  costNote: 'costNoteTooLong',
  contactName: 'contactNameTooLong',
  phone: 'phoneTooLong',
  cost: 'cost',
  format: 'format',
  ageMin: 'age',
  email: 'email',
  url: 'url',
  validFrom: 'date',
  scheduleNote: 'scheduleNoteTooLong',
  startDate: 'date',
  nextStartDate: 'date',
  registrationNote: 'registrationNoteTooLong',
  bringAlong: 'bringAlongTooLong',
};

function firstId(prefix: string, values: Array<string | number>, fallback: string): string {
  return values.length > 0 ? `${prefix}-${values[0]}` : fallback;
}

function scheduleProblem(path: string[], input: OfferFormInput): Problem {
  const index = Number(path[1]);
  const part = path[2] === 'weekday' || path[2] === 'opensAt' || path[2] === 'closesAt' ? path[2] : 'weekday';
  const slot = input.schedule[index];
  const inOrder = part === 'closesAt' && slot && TIME.test(slot.opensAt) && TIME.test(slot.closesAt) && slot.opensAt >= slot.closesAt;
  const messageKey = inOrder ? 'scheduleOrder' : part === 'weekday' ? 'scheduleWeekday' : 'scheduleTime';
  return { key: `schedule-${index}`, anchor: `schedule-${index}-${part}`, messageKey, values: { row: index + 1 } };
}

function translationProblem(path: string[], input: OfferFormInput, ctx: OfferFormContext): Problem {
  const locale = input.translations[Number(path[1])]?.locale ?? 'en';
  const part = ['summary', 'description', 'registrationNote', 'bringAlong'].includes(path[2] ?? '') ? path[2]! : 'title';
  const id = `translation-${locale}-${part}`;
  const language = ctx.taxonomy.label('language', locale, ctx.locale);
  return { key: id, anchor: id, messageKey: part === 'title' ? 'translationTitle' : 'translationTooLong', values: { language } };
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

/** Maps one field path of a ValidationError to the message a provider reads; the value typed decides which. */
function describe(field: string, value: string | undefined, input: OfferFormInput, ctx: OfferFormContext): Problem {
  const path = field.split('.');
  const name = path[0]!;
  const at = (messageKey: string, anchor = name) => ({ key: name, anchor, messageKey });
  const firstCategory = ctx.taxonomy.subcategories(ctx.taxonomy.topCategories()[0]?.slug ?? '')[0]?.slug;
  switch (name) {
    case 'title':
      return at(input.title.trim().length > 140 ? 'titleTooLong' : 'titleTooShort');
    case 'ageMax':
      return at(isAge(input.ageMin) && isAge(input.ageMax) && input.ageMin > input.ageMax ? 'ageOrder' : 'age');
    case 'validUntil':
      return at(input.validFrom && input.validUntil && DATE.test(input.validFrom) && DATE.test(input.validUntil) && input.validFrom > input.validUntil ? 'dateOrder' : 'date');
    case 'endDate':
      return at(input.startDate && input.endDate && DATE.test(input.startDate) && DATE.test(input.endDate) && input.startDate > input.endDate ? 'courseDateOrder' : 'date');
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
      return path.length >= 2 ? scheduleProblem(path, input) : at('scheduleTime', 'schedule-0-weekday');
    case 'translations':
      return translationProblem(path, input, ctx);
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
 * Turns a ValidationError's fields (schema paths with English messages) into
 * German sentences, one per place in the form, in the form's order.
 */
export function toOfferFormProblems(fields: Record<string, string>, input: OfferFormInput, ctx: OfferFormContext, t: Translate): OfferFormProblems {
  const problems: OfferFormProblems = { messages: {}, invalid: {}, summary: [] };
  const sorted = Object.keys(fields).sort((a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b, 'en', { numeric: true }));
  for (const field of sorted) {
    const problem = describe(field, fields[field], input, ctx);
    problems.invalid[problem.anchor] = true;
    if (problems.messages[problem.key] !== undefined) continue;
    const text = t(`offerForm.errors.${problem.messageKey}`, problem.values);
    problems.messages[problem.key] = text;
    problems.summary.push({ href: `#${problem.anchor}`, text });
  }
  return problems;
}
