import { findPlace } from '../region/place-lookup.ts';
import { distanceKm, type Region } from '../region/region-config.ts';
import { formatDistance } from '../search/search-view-mapper.ts';
import type { Translate } from '../web/view-context.ts';
import type { PlaceView } from './offer-details-view.ts';

/**
 * Where a place is from the reader's point of view: how far from the search
 * they came from, and a link that opens the route in a map app.
 */

export interface SearchOrigin {
  lat: number;
  lng: number;
  /** The place the search named ("Witten"), or null for "near me" coordinates. */
  label: string | null;
}

/**
 * The point the reader searched around, from the search the offer page was
 * opened from (`from=`, already checked by `safeSearchPath`): `near=lat,lng`
 * or a place typed into `where=`. Null when the search had neither.
 */
export function searchOrigin(searchPath: string | null, region: Region): SearchOrigin | null {
  if (!searchPath) return null;
  const params = new URL(searchPath, 'http://wegweiser.invalid').searchParams;
  const near = params.get('near')?.split(',').map(Number);
  if (near && near.length === 2 && near.every(Number.isFinite) && Math.abs(near[0]!) <= 90 && Math.abs(near[1]!) <= 180) {
    return { lat: near[0]!, lng: near[1]!, label: null };
  }
  const where = params.get('where')?.trim();
  const place = where ? findPlace(region, where) : undefined;
  return place ? { lat: place.lat, lng: place.lng, label: place.label } : null;
}

/** "3,2 km von Witten" (or "3,2 km entfernt" from the reader's position); approximate pins say "ca.". */
export function distanceText(place: Pick<PlaceView, 'lat' | 'lng' | 'precision'>, origin: SearchOrigin | null, locale: string, t: Translate): string | null {
  if (!origin || place.lat === null || place.lng === null) return null;
  const distance = formatDistance(distanceKm(origin, { lat: place.lat, lng: place.lng }), locale);
  const text = origin.label ? t('offer.distanceFrom', { distance, place: origin.label }) : t('offer.distanceAway', { distance });
  return place.precision === 'exact' ? text : t('offer.distanceApproximate', { distance: text });
}

const ROUTE_BASE = 'https://www.openstreetmap.org/directions';

/**
 * A route to the place in OpenStreetMap's route planner, which map apps on
 * phones offer to open: to the pin when it is at the address, else to the
 * written address. A place whose address is given on request, or that has
 * neither, gets no route.
 */
export function routeUrl(place: Pick<PlaceView, 'addressOnRequest' | 'precision' | 'lat' | 'lng' | 'street' | 'postcode' | 'city'>): string | null {
  if (place.addressOnRequest) return null;
  if (place.precision === 'exact' && place.lat !== null && place.lng !== null) {
    return `${ROUTE_BASE}?route=${encodeURIComponent(`;${place.lat},${place.lng}`)}`;
  }
  if (!place.street) return null;
  const address = [place.street, [place.postcode, place.city].filter(Boolean).join(' ')].join(', ');
  return `${ROUTE_BASE}?to=${encodeURIComponent(address)}`;
}
