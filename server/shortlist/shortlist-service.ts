import type { Database } from '../db/db-connection.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import type { Offer } from '../offers/offer-types.ts';
import { toPublicOffer } from '../offers/offer-public.ts';

/**
 * The published offers of a shortlist, in the shortlist's order. Offers that
 * were taken down since they were saved are left out and counted, so the page
 * can say so instead of showing a stale entry.
 */
export async function loadShortlist(db: Database, ids: number[]): Promise<{ offers: Offer[]; missing: number }> {
  const found = new Map((await findOffersByIds(db, ids)).filter((offer) => offer.status === 'published').map((offer) => [offer.id, offer]));
  const offers = ids.flatMap((id) => found.get(id) ?? []).map(toPublicOffer);
  return { offers, missing: ids.length - offers.length };
}
