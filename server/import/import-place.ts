import { PIN_MAX_KM } from '../providers/place-input.ts';
import { namesWholeRegion } from '../region/place-lookup.ts';
import { distanceKm, townOf, type District, type Region } from '../region/region-config.ts';
import type { SheetRow } from './import-columns.ts';
import { readCoordinate, readPostcode } from './import-cells.ts';
import { foldText } from './import-text.ts';
import type { ImportProblem, PlaceDraft } from './import-types.ts';

type Problem = Omit<ImportProblem, 'line'>;

/** A town of the region from its name, slug, first word ("Wetter"), or a quarter named in a postcode area ("Herbede"). */
export function findTown(region: Region, value: string): District | undefined {
  const wanted = foldText(value);
  if (wanted === '') return undefined;
  const byName = region.districts.find((d) => foldText(d.name) === wanted || foldText(d.slug) === wanted || foldText(d.name).split(' ')[0] === wanted);
  if (byName) return byName;
  const byQuarter = region.districts.find((d) => (d.quarters ?? []).some((quarter) => foldText(quarter.name) === wanted));
  if (byQuarter) return byQuarter;
  return region.districts.find((d) => d.postcodes.some((p) => p.area.split(',').some((area) => foldText(area) === wanted)));
}

function townOfPostcode(region: Region, postcode: string): District | undefined {
  return region.districts.find((d) => d.postcodes.some((p) => p.code === postcode));
}

function pinFor(town: District, postcode: string | undefined, cells: SheetRow, problems: Problem[]) {
  const lat = readCoordinate(cells.latitude);
  const lng = readCoordinate(cells.longitude);
  if ((cells.latitude !== '' || cells.longitude !== '') && (lat === undefined || lng === undefined)) {
    problems.push({ column: lat === undefined ? 'latitude' : 'longitude', code: 'badCoordinate', severity: 'warning', values: { value: lat === undefined ? cells.latitude : cells.longitude } });
  } else if (lat !== undefined && lng !== undefined) {
    const near = [town.centre, ...town.postcodes].some((point) => distanceKm({ lat, lng }, point) <= PIN_MAX_KM);
    if (near) return { latitude: lat, longitude: lng, precision: 'exact' as const };
    problems.push({ column: 'latitude', code: 'coordinateFar', severity: 'warning', values: { town: town.name } });
  }
  const centre = postcode ? town.postcodes.find((p) => p.code === postcode) : undefined;
  if (centre) return { latitude: centre.lat, longitude: centre.lng, precision: 'postcode' as const };
  return { latitude: town.centre.lat, longitude: town.centre.lng, precision: 'town' as const };
}

/**
 * The place of a row: the town must lie in the region (by name, quarter or
 * postcode). Without coordinates the pin is the postcode's or the town's
 * centre, and the precision says so.
 */
export function readPlace(cells: SheetRow, region: Region, readBoolean: (column: 'addressOnRequest' | 'stepFree') => boolean): { place: PlaceDraft | null; problems: Problem[] } {
  const problems: Problem[] = [];
  let postcode = cells.postcode === '' ? undefined : readPostcode(cells.postcode);
  if (cells.postcode !== '' && !postcode) problems.push({ column: 'postcode', code: 'badPostcode', severity: 'warning', values: { value: cells.postcode } });
  // a city's lists say "Düsseldorf": its district then comes from the postcode
  const townNamed = cells.town !== '' && !namesWholeRegion(region, cells.town);
  const town = townNamed ? findTown(region, cells.town) : postcode ? townOfPostcode(region, postcode) : undefined;
  if (!town) {
    if (cells.town === '' && !postcode) problems.push({ column: 'town', code: 'townMissing', severity: 'error' });
    else problems.push({ column: 'town', code: 'townUnknown', severity: 'error', values: { value: cells.town || cells.postcode, region: region.name } });
    return { place: null, problems };
  }
  if (postcode && !town.postcodes.some((p) => p.code === postcode)) {
    problems.push({ column: 'postcode', code: 'postcodeNotInTown', severity: 'warning', values: { value: postcode, town: town.name } });
    postcode = undefined;
  }
  const pin = pinFor(town, postcode, cells, problems);
  return {
    place: {
      externalId: cells.placeExternalId || null,
      // A place needs a name: the street, or the town when the list gives neither.
      name: cells.placeName || cells.street || town.name,
      street: cells.street,
      postcode: postcode ?? '',
      city: townOf(town),
      district: town.slug,
      ...pin,
      addressOnRequest: readBoolean('addressOnRequest'),
      stepFree: readBoolean('stepFree'),
    },
    problems,
  };
}
