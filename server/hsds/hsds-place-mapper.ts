import type { Location, Provider } from '../offers/offer-types.ts';
import { definedOnly, safeEmail, safeUrl, type HsdsContext } from './hsds-context.ts';
import type { HsdsAttribute, HsdsLocation, HsdsOrganization, HsdsPhone } from './hsds-types.ts';


const PRECISION_NOTES: Record<string, string> = {
  street: 'Die Kartenposition zeigt nur die Straße.',
  postcode: 'Die Kartenposition zeigt nur das Postleitzahlgebiet.',
  town: 'Die Kartenposition zeigt nur den Ort.',
};

function present<T>(items: Array<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}

/** Two decimals are about a kilometre: enough for a map, not enough to find a protected place. */
const coarse = (value: number) => Math.round(value * 100) / 100;

function locationAttributes(location: Location, id: string, ctx: HsdsContext): HsdsAttribute[] {
  return present([
    location.stepFree ? ctx.terms.attribute('location', id, 'feature', 'step-free') : undefined,
    location.addressOnRequest ? ctx.terms.attribute('location', id, 'feature', 'address-on-request') : undefined,
    location.precision ? ctx.terms.attribute('location', id, 'feature', 'pin-precision', location.precision) : undefined,
  ]);
}

/**
 * A place as an HSDS location. A place whose address is given only on request
 * has no address record and a coarse pin; an approximate pin says so in the
 * description.
 */
export function toHsdsLocation(location: Location, ctx: HsdsContext, options: { nested: boolean }): HsdsLocation {
  const id = ctx.ids.record('location', location.id);
  const hidden = location.addressOnRequest === true;
  const notes = [hidden ? 'Die Adresse wird auf Anfrage mitgeteilt.' : undefined, PRECISION_NOTES[location.precision ?? 'exact']].filter(Boolean);
  const hasPin = location.latitude !== null && location.longitude !== null;
  const base = definedOnly<HsdsLocation>({
    id,
    location_type: 'physical',
    organization_id: ctx.ids.record('organization', location.providerId),
    name: location.name || location.city,
    description: notes.join(' ') || undefined,
    latitude: hasPin ? (hidden ? coarse(location.latitude!) : location.latitude!) : undefined,
    longitude: hasPin ? (hidden ? coarse(location.longitude!) : location.longitude!) : undefined,
    external_identifier: location.externalId ?? undefined,
    external_identifier_type: location.externalId ? (location.source ?? 'source') : undefined,
  });
  if (!options.nested) return base;
  const district = ctx.region.districts.find((candidate) => candidate.slug === location.district);
  const street = location.street?.trim();
  const postcode = location.postcode?.trim();
  return {
    ...base,
    addresses:
      !hidden && street && postcode
        ? [
            definedOnly({
              id: ctx.ids.record('address', location.id),
              location_id: id,
              address_1: street,
              city: location.city,
              region: district?.name,
              state_province: ctx.stateProvince,
              postal_code: postcode,
              country: 'DE',
              address_type: 'physical' as const,
            }),
          ]
        : [],
    accessibility: location.stepFree ? [{ id: ctx.ids.record('accessibility', location.id), location_id: id, description: 'Stufenlos erreichbar.' }] : [],
    attributes: locationAttributes(location, id, ctx),
  };
}

export function toHsdsPhone(number: string | null | undefined, key: string, link: Partial<Pick<HsdsPhone, 'service_id' | 'organization_id' | 'location_id'>>, ctx: HsdsContext): HsdsPhone[] {
  const trimmed = number?.trim();
  return trimmed ? [{ id: ctx.ids.record('phone', key), ...link, number: trimmed, type: 'voice' }] : [];
}

/** A provider as an organization: one-to-one fields only (list answers). */
export function toHsdsOrganizationSummary(provider: Provider, ctx: HsdsContext): HsdsOrganization {
  return definedOnly<HsdsOrganization>({
    id: ctx.ids.record('organization', provider.id),
    name: provider.name,
    description: provider.description.trim() || provider.name,
    email: safeEmail(provider.email),
    website: safeUrl(provider.website),
    uri: `${ctx.baseUrl}/providers/${encodeURIComponent(provider.slug)}`,
  });
}

/** A provider with its phone, identifiers, kind and reviewed places. */
export function toHsdsOrganization(provider: Provider, locations: Location[], ctx: HsdsContext): HsdsOrganization {
  const summary = toHsdsOrganizationSummary(provider, ctx);
  return {
    ...summary,
    phones: toHsdsPhone(provider.phone, `organization:${provider.id}`, { organization_id: summary.id }, ctx),
    locations: locations.map((location) => toHsdsLocation(location, ctx, { nested: true })),
    organization_identifiers: provider.externalId
      ? [
          {
            id: ctx.ids.record('organization_identifier', provider.id),
            organization_id: summary.id,
            identifier_scheme: provider.source ?? 'source',
            identifier_type: 'external_id',
            identifier: provider.externalId,
          },
        ]
      : [],
    attributes: present([ctx.terms.attribute('organization', summary.id, 'provider-kind', provider.kind)]),
  };
}
