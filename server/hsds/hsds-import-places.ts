import type { GeoPrecision } from '../offers/offer-types.ts';
import type { LocationInput, ProviderInput } from '../providers/provider-repository.ts';
import { distanceKm, type Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { safeEmail, safeUrl } from './hsds-context.ts';
import type { HsdsDataset } from './hsds-datapackage-reader.ts';
import type { LinkedTerm } from './hsds-import-terms.ts';
import type { HsdsRow } from './hsds-tables.ts';

export interface ImportProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  /** Errors stop the import; warnings say what was guessed or left out. */
  level: 'error' | 'warning';
}

export type PlannedProvider = { key: string; line: number; input: Omit<ProviderInput, 'slug'> };
export type PlannedPlace = { key: string; providerKey: string; line: number; input: LocationInput };

const text = (value: HsdsRow[string]) => (value === undefined ? '' : String(value).trim());

/** The providers: name, description, contact data and the provider kind (from the Wegweiser taxonomy, else a club). */
export function planProviders(dataset: HsdsDataset, terms: Map<string, LinkedTerm[]>, taxonomy: Taxonomy, source: string, problems: ImportProblem[]): PlannedProvider[] {
  return dataset.tables.organization.flatMap((row) => {
    const name = text(row.name).slice(0, 200);
    if (!name) {
      problems.push({ file: 'organizations.csv', line: row._line, field: 'name', message: 'missing', level: 'error' });
      return [];
    }
    const id = text(row.id);
    const kind = (terms.get(id) ?? []).find((term) => term.vocabulary === 'provider-kind')?.slug;
    const phone = dataset.tables.phone.find((candidate) => candidate.organization_id === id && !candidate.service_id && !candidate.contact_id);
    return [
      {
        key: id,
        line: row._line,
        input: {
          name,
          description: text(row.description).slice(0, 5000),
          kind: kind && taxonomy.has('provider-kind', kind) ? kind : 'club',
          website: safeUrl(text(row.website)) ?? null,
          email: safeEmail(text(row.email)) ?? null,
          phone: phone ? text(phone.number).replace(/^"+|"+$/g, '').slice(0, 60) : null,
          externalId: id,
          source,
        },
      },
    ];
  });
}

/** Which district a place lies in: by postcode, by town name, or within a district's radius; none outside the region. */
function districtOf(region: Region, postcode: string, city: string, point: { lat: number; lng: number } | null) {
  const byPostcode = region.districts.find((district) => district.postcodes.some((candidate) => candidate.code === postcode));
  if (byPostcode) return { district: byPostcode, centre: byPostcode.postcodes.find((candidate) => candidate.code === postcode)! };
  const byName = region.districts.find((district) => district.name.toLowerCase() === city.toLowerCase());
  if (byName) return { district: byName, centre: byName.centre };
  if (!point) return undefined;
  const nearest = [...region.districts].sort((a, b) => distanceKm(point, a.centre) - distanceKm(point, b.centre))[0];
  return nearest && distanceKm(point, nearest.centre) <= nearest.radiusKm ? { district: nearest, centre: nearest.centre } : undefined;
}

function pointOf(row: HsdsRow): { lat: number; lng: number } | null {
  const lat = Number(row.latitude);
  const lng = Number(row.longitude);
  return row.latitude !== undefined && row.longitude !== undefined && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : null;
}

/**
 * Physical locations inside the region. A place outside it (or without any
 * way to find it) is left out and reported; its services keep their other places.
 */
export function planPlaces(dataset: HsdsDataset, terms: Map<string, LinkedTerm[]>, region: Region, source: string, problems: ImportProblem[]): PlannedPlace[] {
  return dataset.tables.location.flatMap((row): PlannedPlace[] => {
    if (text(row.location_type) === 'virtual') return [];
    const id = text(row.id);
    const address = dataset.tables.address.find((candidate) => candidate.location_id === id && candidate.address_type !== 'postal') ?? dataset.tables.address.find((candidate) => candidate.location_id === id);
    const postcode = text(address?.postal_code);
    const city = text(address?.city);
    const point = pointOf(row);
    const found = districtOf(region, postcode, city, point);
    const providerKey = text(row.organization_id) || ownerOfPlace(dataset, id);
    if (!found || !providerKey) {
      const message = found ? 'no organization for this place' : 'not inside the region (postcode, town and position unknown here); left out';
      problems.push({ file: 'locations.csv', line: row._line, field: found ? 'organization_id' : 'address', message, level: 'warning' });
      return [];
    }
    const features = terms.get(id) ?? [];
    const has = (slug: string) => features.some((term) => term.vocabulary === 'feature' && term.slug === slug);
    const stated = features.find((term) => term.slug === 'pin-precision')?.value as GeoPrecision | undefined;
    const precision: GeoPrecision = stated && ['exact', 'street', 'postcode', 'town'].includes(stated) ? stated : point ? 'exact' : /^\d{5}$/.test(postcode) ? 'postcode' : 'town';
    const pin = point ?? { lat: found.centre.lat, lng: found.centre.lng };
    const accessible = dataset.tables.accessibility.some((candidate) => candidate.location_id === id && /stufenlos|step-free|wheelchair|rollstuhl/i.test(text(candidate.description)));
    return [
      {
        key: id,
        providerKey,
        line: row._line,
        input: {
          name: text(row.name).slice(0, 200) || city || found.district.name,
          street: text(address?.address_1) || null,
          postcode: /^\d{5}$/.test(postcode) ? postcode : null,
          city: city || found.district.name,
          district: found.district.slug,
          latitude: pin.lat,
          longitude: pin.lng,
          stepFree: has('step-free') || accessible,
          addressOnRequest: has('address-on-request'),
          precision,
          externalId: id,
          source,
        },
      },
    ];
  });
}

/** A place without an organization belongs to the organization of the first service held there. */
function ownerOfPlace(dataset: HsdsDataset, locationId: string): string {
  const link = dataset.tables.service_at_location.find((candidate) => candidate.location_id === locationId);
  const service = link ? dataset.tables.service.find((candidate) => candidate.id === link.service_id) : undefined;
  return text(service?.organization_id);
}
