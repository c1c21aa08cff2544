import type { Location, OfferInput } from '../offers/offer-types.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { Translate } from '../web/view-context.ts';
import { diffInputs, encodeShown, type FieldChange } from './moderation-diff.ts';
import { showValue, toDiffRows, type DiffContext } from './revision-diff-view.ts';

/** Every field of an offer in the order of the offer form, so a review leaves nothing unseen. */
const REVIEW_FIELDS: Array<keyof OfferInput> = [
  'title', 'summary', 'description', 'categories', 'targetGroups', 'languages', 'format', 'locationIds', 'schedule', 'byAppointment',
  'scheduleNote', 'startDate', 'endDate', 'nextStartDate', 'rollingEntry', 'ageMin', 'ageMax', 'cost', 'costNote',
  'registrationRequired', 'registrationMethods', 'registrationNote', 'bringAlong', 'interpreterOnRequest', 'childcare', 'womenOnly',
  'contactName', 'phone', 'email', 'url', 'validFrom', 'validUntil', 'translations',
];

export interface ReviewContext {
  taxonomy: Taxonomy;
  locale: string;
  t: Translate;
}

/** One row per field: its name and its value as staff read it. */
export function toReviewFacts(input: OfferInput, places: Location[], ctx: ReviewContext) {
  const diff: DiffContext = { ...ctx, places };
  return REVIEW_FIELDS.map((field) => ({ field: ctx.t(`moderation.fields.${field}`), value: showValue(field, input[field], diff) }));
}

/** The places with their pins, for the list and the map (the script reads data-lat/data-lng). */
export function toReviewPlaces(locations: Location[]) {
  return locations.map((place) => ({
    name: place.name,
    // Staff see the whole address, also one given to the public on request only; missing parts are left out.
    address: [place.street ?? '', `${place.postcode ?? ''} ${place.city}`.trim()].filter((part) => part !== '').join(', '),
    lat: place.latitude,
    lng: place.longitude,
    hasPin: place.latitude !== null && place.longitude !== null,
  }));
}

/** What changed between the version a refused decision named and the one now waiting. */
export function sinceShownRows(shown: OfferInput | null, current: OfferInput, places: Location[], ctx: ReviewContext) {
  if (!shown) return null;
  const changes: FieldChange[] = diffInputs(shown, current);
  return toDiffRows(changes, { ...ctx, places });
}

/** The hidden fields of both decision forms: the version number and the text staff saw. */
export function decisionFields(version: number, shown: OfferInput) {
  return { version, shown: encodeShown(shown) };
}

