import { completeOfferInput } from '../offers/offer-schema.ts';
import type { Offer, OfferInput } from '../offers/offer-types.ts';

export interface FieldChange {
  field: keyof OfferInput;
  before: unknown;
  after: unknown;
}

const DIFF_FIELDS: Array<keyof OfferInput> = [
  'title', 'summary', 'description', 'categories', 'targetGroups', 'languages', 'cost', 'costNote', 'ageMin', 'ageMax', 'format',
  'byAppointment', 'registrationRequired', 'childcare', 'womenOnly', 'schedule', 'locationIds', 'contactName', 'phone', 'email', 'url',
  'validFrom', 'validUntil', 'translations', 'scheduleNote', 'startDate', 'endDate', 'nextStartDate', 'rollingEntry',
  'registrationMethods', 'registrationNote', 'bringAlong', 'interpreterOnRequest',
];

/** The offer as an input, to compare with a proposal field by field. */
export function toInput(offer: Offer): OfferInput {
  return {
    providerId: offer.providerId, title: offer.title, summary: offer.summary, description: offer.description, cost: offer.cost,
    costNote: offer.costNote, ageMin: offer.ageMin, ageMax: offer.ageMax, byAppointment: offer.byAppointment, format: offer.format,
    registrationRequired: offer.registrationRequired, childcare: offer.childcare, womenOnly: offer.womenOnly, contactName: offer.contactName,
    phone: offer.phone, email: offer.email, url: offer.url, validFrom: offer.validFrom, validUntil: offer.validUntil,
    categories: offer.categories, targetGroups: offer.targetGroups, languages: offer.languages, schedule: offer.schedule,
    translations: offer.translations, locationIds: offer.locations.map((location) => location.id),
    scheduleNote: offer.scheduleNote, startDate: offer.startDate, endDate: offer.endDate, nextStartDate: offer.nextStartDate,
    rollingEntry: offer.rollingEntry, registrationMethods: offer.registrationMethods, registrationNote: offer.registrationNote,
    bringAlong: offer.bringAlong, interpreterOnRequest: offer.interpreterOnRequest, externalId: offer.externalId, source: offer.source,
  };
}

function normalise(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify([...value].map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).sort());
  return JSON.stringify(value ?? null);
}

/** The fields two versions of an offer differ in, with both values. */
export function diffInputs(before: OfferInput, after: OfferInput): FieldChange[] {
  const current = completeOfferInput(before);
  const next = completeOfferInput(after);
  return DIFF_FIELDS.filter((field) => normalise(current[field]) !== normalise(next[field])).map((field) => ({ field, before: current[field] ?? null, after: next[field] ?? null }));
}

/** The fields a revision changes, with the published and the proposed value. */
export function diffRevision(offer: Offer, proposed: OfferInput): FieldChange[] {
  return diffInputs(toInput(offer), proposed);
}

/**
 * What a review form carries besides the version number: the text staff saw,
 * so that a refused decision can show what changed since. Only ever shown
 * back to the staff member who posted it.
 */
export function encodeShown(input: OfferInput): string {
  return Buffer.from(JSON.stringify(input), 'utf8').toString('base64url');
}

export function decodeShown(value: unknown): OfferInput | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as OfferInput) : null;
  } catch {
    return null;
  }
}
