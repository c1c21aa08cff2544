import { createHash } from 'node:crypto';
import { foldName, foldText } from './import-text.ts';
import type { PlaceDraft } from './import-types.ts';

/**
 * Ids the export writes for records that came without an external id, so an
 * exported file finds its own offers, providers and places again.
 */
const OWN_ID = /^wegweiser:(offer|provider|place):(\d{1,10})$/;

export function ownId(kind: 'offer' | 'provider' | 'place', id: number): string {
  return `wegweiser:${kind}:${id}`;
}

export function readOwnId(kind: 'offer' | 'provider' | 'place', externalId: string | null): number | undefined {
  const match = externalId ? OWN_ID.exec(externalId) : null;
  return match && match[1] === kind ? Number(match[2]) : undefined;
}

/** "Hauptstr. 5" and "Hauptstraße 5" are one street. */
function foldStreet(street: string): string {
  return foldText(street.replace(/str\.(?=\s|\d|$)/gi, 'strasse')).replace(/\s+(?=\d)/g, '');
}

/** A place of one provider is the same place when its address is: street and postcode, or (no street) name and town. */
export function placeAddressKey(place: Pick<PlaceDraft, 'street' | 'postcode' | 'name' | 'district'>): string {
  const street = foldStreet(place.street ?? '');
  return street !== '' ? `s:${street}|${place.postcode ?? ''}|${place.district}` : `n:${foldText(place.name)}|${place.district}`;
}

/**
 * The stable key of an offer in a list without ids: provider, title and place.
 * Stored with the offer, so the same row finds it again next time.
 */
export function offerImportKey(providerName: string, title: string, place: PlaceDraft | null): string {
  const parts = [foldName(providerName), foldText(title), place ? placeAddressKey(place) : 'online'];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}
