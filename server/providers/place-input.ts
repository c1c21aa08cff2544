import { GEO_PRECISIONS, type GeoPrecision } from '../offers/offer-types.ts';
import type { LocationInput } from './provider-repository.ts';
import { distanceKm, townOf, type District, type Region } from '../region/region-config.ts';

/** A place as a form sends it: every value as typed, so a form can show it again. */
export interface PlaceForm {
  name: string;
  street: string;
  postcode: string;
  /** The town's slug (a district of the region). */
  district: string;
  latitude: string;
  longitude: string;
  stepFree: boolean;
  /** The address is given on request only. */
  addressOnRequest: boolean;
  /** How exact the pin is, when chosen; empty means "work it out from what was typed". */
  precision: string;
}

export type PlaceField = 'name' | 'street' | 'postcode' | 'district' | 'pin';

/** What is wrong with one field; each form turns it into its own sentence. */
export type PlaceProblem = 'required' | 'tooLong' | 'postcodeFormat' | 'postcodeUnknown' | 'postcodeNotInTown' | 'townUnknown' | 'pinTooFar';

export type PlaceCheck = { ok: true; location: LocationInput } | { ok: false; problems: Partial<Record<PlaceField, PlaceProblem>> };

/**
 * The region file has no town borders. A pin within this distance of the town's
 * centre or of one of its postcode centres counts as in the town: that covers
 * every town of the district and still catches a pin dropped far off by a slip
 * of the map (or a tampered form).
 */
export const PIN_MAX_KM = 5;

const MAX_NAME = 200;
const MAX_STREET = 200;

/** Reads a place from a form body; `names` maps each part to the form's field name. */
export function readPlaceForm(body: Record<string, unknown>, names: Record<keyof PlaceForm, string>): PlaceForm {
  const text = (key: string) => {
    const value = body[key];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first.trim() : '';
  };
  const flag = (key: string) => ['1', 'on', 'true'].includes(text(key));
  return {
    name: text(names.name),
    street: text(names.street),
    postcode: text(names.postcode),
    district: text(names.district),
    latitude: text(names.latitude),
    longitude: text(names.longitude),
    stepFree: flag(names.stepFree),
    addressOnRequest: flag(names.addressOnRequest),
    precision: text(names.precision),
  };
}

/** Whether someone started to type a place (a town chosen or a pin set alone does not count). */
export function isPlaceTyped(form: PlaceForm): boolean {
  return form.name !== '' || form.street !== '' || form.postcode !== '';
}

/** The town: the one chosen, or, when none is chosen, the one the postcode belongs to. */
function findTown(form: PlaceForm, region: Region): District | undefined {
  if (form.district !== '') return region.districts.find((district) => district.slug === form.district);
  return region.districts.find((district) => district.postcodes.some((postcode) => postcode.code === form.postcode));
}

/** A postcode is optional (a list may give a town only); one that is given must exist and belong to the town. */
function postcodeProblem(form: PlaceForm, region: Region, town: District | undefined): PlaceProblem | undefined {
  if (form.postcode === '') return undefined;
  if (!/^\d{5}$/.test(form.postcode)) return 'postcodeFormat';
  if (!region.districts.some((district) => district.postcodes.some((postcode) => postcode.code === form.postcode))) return 'postcodeUnknown';
  if (town && !town.postcodes.some((postcode) => postcode.code === form.postcode)) return 'postcodeNotInTown';
  return undefined;
}

/** The pin when one was set, if numeric; null means "none set". */
function readPin(form: PlaceForm): { lat: number; lng: number } | null {
  if (form.latitude === '' || form.longitude === '') return null;
  const lat = Number(form.latitude);
  const lng = Number(form.longitude);
  return Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : { lat: Number.NaN, lng: Number.NaN };
}

function isNearTown(pin: { lat: number; lng: number }, town: District): boolean {
  if (!Number.isFinite(pin.lat) || !Number.isFinite(pin.lng)) return false;
  return [town.centre, ...town.postcodes].some((point) => distanceKm(pin, point) <= PIN_MAX_KM);
}

/**
 * How exact the pin is. Derived: a street with a pin set is exact; otherwise the
 * place sits at its postcode's centre, or with neither at the town's centre. A
 * chosen value wins, except that a place without a pin cannot be more exact
 * than the centre it sits at.
 */
export function placePrecision(form: PlaceForm, hasPin: boolean): GeoPrecision {
  const derived: GeoPrecision = form.street !== '' && hasPin ? 'exact' : form.postcode !== '' ? 'postcode' : 'town';
  const chosen = (GEO_PRECISIONS as readonly string[]).includes(form.precision) ? (form.precision as GeoPrecision) : undefined;
  if (!chosen) return derived;
  if (!hasPin && GEO_PRECISIONS.indexOf(chosen) < GEO_PRECISIONS.indexOf(derived)) return derived;
  return chosen;
}

function textProblems(form: PlaceForm, nameRequired: boolean): Partial<Record<PlaceField, PlaceProblem>> {
  const problems: Partial<Record<PlaceField, PlaceProblem>> = {};
  if (form.name.length > MAX_NAME) problems.name = 'tooLong';
  else if (nameRequired && form.name.length < 2) problems.name = 'required';
  if (form.street.length > MAX_STREET) problems.street = 'tooLong';
  else if (form.street !== '' && form.street.length < 3) problems.street = 'required';
  return problems;
}

/**
 * Checks a place typed into a form against the region: a town is needed; a
 * street and a postcode are optional, but a postcode given must exist and belong
 * to the town, and a pin must lie in or near the town. Without a pin (no
 * JavaScript) the place sits at its postcode's centre, or at the town's.
 */
export function checkPlace(form: PlaceForm, region: Region, options: { nameRequired: boolean; defaultName: string }): PlaceCheck {
  const problems = textProblems(form, options.nameRequired);
  const town = findTown(form, region);
  if (!town) problems.district = form.district === '' ? 'required' : 'townUnknown';
  const postcode = postcodeProblem(form, region, town);
  if (postcode) problems.postcode = postcode;
  const pin = readPin(form);
  if (town && pin && !isNearTown(pin, town)) problems.pin = 'pinTooFar';
  if (Object.keys(problems).length > 0 || !town) return { ok: false, problems };
  const centre = town.postcodes.find((candidate) => candidate.code === form.postcode) ?? town.centre;
  return {
    ok: true,
    location: {
      name: form.name || options.defaultName.slice(0, MAX_NAME),
      street: form.street || null,
      postcode: form.postcode || null,
      city: townOf(town),
      district: town.slug,
      latitude: pin ? pin.lat : centre.lat,
      longitude: pin ? pin.lng : centre.lng,
      stepFree: form.stepFree,
      addressOnRequest: form.addressOnRequest,
      precision: placePrecision(form, pin !== null),
    },
  };
}

/** The towns for a place form's select; each carries its centre and postcodes for the map's first guess. */
export function townOptions(region: Region, selected: string) {
  return region.districts.map((district) => ({
    slug: district.slug,
    name: district.name,
    lat: district.centre.lat,
    lng: district.centre.lng,
    postcodes: district.postcodes.map((postcode) => `${postcode.code}:${postcode.lat}:${postcode.lng}`).join(' '),
    selected: district.slug === selected,
  }));
}
