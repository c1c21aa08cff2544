import type { Location, Offer } from './offer-types.ts';

/**
 * A place as the public may see it. An address given on request (a shelter, a
 * counselling room) shows its postcode and town, never its street, and keeps a
 * pin only when the pin is a postcode or town centre: an exact pin would give
 * away what the page keeps back. Staff pages and the staff export use the
 * stored place.
 */
export function toPublicLocation(location: Location): Location {
  if (!location.addressOnRequest) return location;
  const exactPin = location.precision === 'exact' || location.precision === 'street';
  return { ...location, street: null, ...(exactPin ? { latitude: null, longitude: null } : {}) };
}

/** An offer as public pages, the public API, shortlists, referral sheets and result downloads show it. */
export function toPublicOffer(offer: Offer): Offer {
  return offer.locations.some((location) => location.addressOnRequest) ? { ...offer, locations: offer.locations.map(toPublicLocation) } : offer;
}
