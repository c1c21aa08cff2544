import { ValidationError } from '../errors/app-errors.ts';
import { completeOfferInput, parseOfferInput } from '../offers/offer-schema.ts';
import type { OfferInput } from '../offers/offer-types.ts';
import { checkPlace, isPlaceTyped, readPlaceForm, townOptions, type PlaceField, type PlaceForm } from '../providers/place-input.ts';
import type { LocationInput } from '../providers/provider-repository.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';

/** The offer form's names for the parts of a new address; they double as the inputs' ids. */
export const PLACE_FORM_FIELDS = {
  name: 'placeName',
  street: 'placeStreet',
  postcode: 'placePostcode',
  district: 'placeDistrict',
  latitude: 'placeLatitude',
  longitude: 'placeLongitude',
  stepFree: 'placeStepFree',
  addressOnRequest: 'placeAddressOnRequest',
  precision: 'placePrecision',
} as const;

/** Where a problem with a part of the new address is reported (ValidationError field and message place). */
export const PLACE_ERROR_FIELDS: Record<PlaceField, string> = {
  name: 'placeName',
  street: 'placeStreet',
  postcode: 'placePostcode',
  district: 'placeDistrict',
  pin: 'placePin',
};

/** A new address typed into an offer form, and the region it must lie in. */
export interface NewPlace {
  form: PlaceForm;
  region: Region;
}

export function readNewPlace(body: Record<string, unknown>): PlaceForm {
  return readPlaceForm(body, PLACE_FORM_FIELDS);
}

/**
 * Stands in for the id that the new place (or a new provider) gets when it is
 * saved, so the rest of the offer is checked before anything is written.
 */
export const NOT_YET_SAVED = Number.MAX_SAFE_INTEGER;

function offerProblems(raw: Record<string, unknown>, taxonomy: Taxonomy): { input?: OfferInput; fields: Record<string, string>; issues: ValidationError['issues'] } {
  try {
    return { input: completeOfferInput(parseOfferInput(raw, taxonomy)), fields: {}, issues: {} };
  } catch (error) {
    if (error instanceof ValidationError) return { fields: error.fields, issues: error.issues };
    throw error;
  }
}

/**
 * Checks an offer together with a new address, and names every bad field of
 * both in one ValidationError: the offer's fields by their names, the address's
 * as placeStreet, placePostcode and so on, with a PlaceProblem as the value.
 * The answer's `input` has the chosen places only; the caller adds the new one
 * once it is saved. An address left empty is no address.
 */
export function parseOfferWithPlace(
  raw: Record<string, unknown>,
  place: NewPlace | undefined,
  ctx: { taxonomy: Taxonomy; defaultName: string },
): { input: OfferInput; location: LocationInput | null } {
  const typed = place !== undefined && isPlaceTyped(place.form);
  const chosen = Array.isArray(raw.locationIds) ? raw.locationIds : [];
  const { input, fields, issues } = offerProblems(typed ? { ...raw, locationIds: [...chosen, NOT_YET_SAVED] } : raw, ctx.taxonomy);
  let location: LocationInput | null = null;
  if (typed) {
    const checked = checkPlace(place.form, place.region, { nameRequired: false, defaultName: ctx.defaultName });
    if (checked.ok) location = checked.location;
    else for (const [part, problem] of Object.entries(checked.problems)) fields[PLACE_ERROR_FIELDS[part as PlaceField]] = problem;
  }
  if (Object.keys(fields).length > 0 || !input) throw new ValidationError(fields, undefined, {}, issues);
  return { input: { ...input, locationIds: input.locationIds.filter((id) => id !== NOT_YET_SAVED) }, location };
}

/**
 * What the new-address part of the form shows: the typed values, the towns, and
 * the messages. It starts open when the organisation has no place to choose yet.
 */
export function newPlaceValues(form: PlaceForm, region: Region, messages: Record<string, string>, openByDefault: boolean) {
  return {
    name: form.name,
    street: form.street,
    postcode: form.postcode,
    latitude: form.latitude,
    longitude: form.longitude,
    stepFree: form.stepFree,
    towns: townOptions(region, form.district),
    regionLat: region.map.centre.lat,
    regionLng: region.map.centre.lng,
    errors: Object.fromEntries(Object.values(PLACE_ERROR_FIELDS).map((field) => [field, messages[field]])),
    // Opened when something was typed or needs fixing, so nothing typed is hidden.
    open: openByDefault || isPlaceTyped(form) || Object.values(PLACE_ERROR_FIELDS).some((field) => messages[field] !== undefined),
  };
}
