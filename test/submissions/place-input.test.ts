import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPlace, isPlaceTyped, type PlaceForm } from '../../server/providers/place-input.ts';
import type { Region } from '../../server/region/region-config.ts';
import { createTestStorage } from '../support/test-services.ts';

const typed: PlaceForm = { name: '', street: 'Ruhrstraße 12', postcode: '58452', district: 'witten', latitude: '', longitude: '', stepFree: false, addressOnRequest: false, precision: '' };
const options = { nameRequired: false, defaultName: 'Verein Brücke e.V.' };

describe('checking a place typed into a form against the region', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let region: Region;
  beforeAll(async () => {
    storage = await createTestStorage();
    region = storage.region;
  });
  afterAll(async () => storage?.close());

  const centreOf = (code: string) => region.districts.flatMap((district) => district.postcodes).find((postcode) => postcode.code === code)!;

  it('puts a place without a pin at its postcode centre and names it after the organisation', () => {
    const result = checkPlace(typed, region, options);
    expect(result).toEqual({ ok: true, location: { name: 'Verein Brücke e.V.', street: 'Ruhrstraße 12', postcode: '58452', city: 'Witten', district: 'witten', latitude: centreOf('58452').lat, longitude: centreOf('58452').lng, stepFree: false, addressOnRequest: false, precision: 'postcode' } });
  });

  it('takes the town from the postcode when none was chosen, and keeps a pin inside the town', () => {
    const result = checkPlace({ ...typed, district: '', postcode: '45525', latitude: '51.40', longitude: '7.19' }, region, options);
    expect(result).toMatchObject({ ok: true, location: { city: 'Hattingen', district: 'hattingen', latitude: 51.4, longitude: 7.19 } });
  });

  it('names each problem: unknown postcode, postcode of another town, unknown town, far or garbled pin, too short a street', () => {
    expect(checkPlace({ ...typed, postcode: '10115' }, region, options)).toEqual({ ok: false, problems: { postcode: 'postcodeUnknown' } });
    expect(checkPlace({ ...typed, postcode: '5845' }, region, options)).toEqual({ ok: false, problems: { postcode: 'postcodeFormat' } });
    expect(checkPlace({ ...typed, district: 'hattingen' }, region, options)).toEqual({ ok: false, problems: { postcode: 'postcodeNotInTown' } });
    expect(checkPlace({ ...typed, district: 'bochum' }, region, options)).toEqual({ ok: false, problems: { district: 'townUnknown' } });
    expect(checkPlace({ ...typed, latitude: '51.2596', longitude: '7.4676' }, region, options)).toEqual({ ok: false, problems: { pin: 'pinTooFar' } });
    expect(checkPlace({ ...typed, latitude: 'north', longitude: '7.35' }, region, options)).toEqual({ ok: false, problems: { pin: 'pinTooFar' } });
    expect(checkPlace({ ...typed, street: 'ab' }, region, options)).toEqual({ ok: false, problems: { street: 'required' } });
    expect(checkPlace({ ...typed, district: '', postcode: '' }, region, options)).toEqual({ ok: false, problems: { district: 'required' } });
    expect(checkPlace(typed, region, { ...options, nameRequired: true })).toEqual({ ok: false, problems: { name: 'required' } });
  });

  it('takes a place without a street or postcode and says how exact its pin is: street and pin exact, postcode centre, town centre', () => {
    const witten = region.districts.find((district) => district.slug === 'witten')!;
    expect(checkPlace({ ...typed, latitude: '51.4437', longitude: '7.3528' }, region, options)).toMatchObject({ ok: true, location: { precision: 'exact', latitude: 51.4437 } });
    expect(checkPlace({ ...typed, street: '' }, region, options)).toMatchObject({ ok: true, location: { street: null, postcode: '58452', precision: 'postcode', latitude: centreOf('58452').lat } });
    expect(checkPlace({ ...typed, street: '', postcode: '' }, region, options)).toMatchObject({
      ok: true,
      location: { street: null, postcode: null, city: 'Witten', precision: 'town', latitude: witten.centre.lat, longitude: witten.centre.lng },
    });
    expect(checkPlace({ ...typed, street: '', postcode: '', addressOnRequest: true }, region, options)).toMatchObject({ ok: true, location: { addressOnRequest: true } });
  });

  it('keeps a chosen precision, but never claims an exact pin for a place that has none', () => {
    expect(checkPlace({ ...typed, latitude: '51.4437', longitude: '7.3528', precision: 'street' }, region, options)).toMatchObject({ ok: true, location: { precision: 'street' } });
    expect(checkPlace({ ...typed, precision: 'town' }, region, options)).toMatchObject({ ok: true, location: { precision: 'town' } });
    expect(checkPlace({ ...typed, precision: 'exact' }, region, options)).toMatchObject({ ok: true, location: { precision: 'postcode' } });
    expect(checkPlace({ ...typed, precision: 'everywhere' }, region, options)).toMatchObject({ ok: true, location: { precision: 'postcode' } });
  });

  it('counts a place as typed only when a name, street or postcode was entered', () => {
    expect(isPlaceTyped({ ...typed, street: '', postcode: '' })).toBe(false);
    expect(isPlaceTyped({ ...typed, street: '', postcode: '', district: 'witten', latitude: '51.4', longitude: '7.3' })).toBe(false);
    expect(isPlaceTyped({ ...typed, street: '', postcode: '58452' })).toBe(true);
  });
});
