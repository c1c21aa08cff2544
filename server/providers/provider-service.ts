import type { Database } from '../db/db-connection.ts';
import { NotFoundError } from '../errors/app-errors.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import type { Offer, Provider } from '../offers/offer-types.ts';
import { findProviderBySlug, isProviderVerified, listLocationsOfProvider } from './provider-repository.ts';

/** A verified provider with its reviewed places and published offers, for the provider page. */
export async function findProviderPage(db: Database, slug: string): Promise<{ provider: Provider; offers: Offer[]; locations: Awaited<ReturnType<typeof listLocationsOfProvider>> }> {
  const provider = await findProviderBySlug(db, slug.slice(0, 120));
  // A provider created from a submission without an account has no public page until staff approve its offer.
  if (!provider || !(await isProviderVerified(db, provider.id))) throw new NotFoundError('errors.providerNotFound');
  const ids = (await db('offers').where({ provider_id: provider.id, status: 'published' }).orderBy('title').select('id')).map((row) => row.id as number);
  const [offers, locations] = await Promise.all([findOffersByIds(db, ids), listLocationsOfProvider(db, provider.id, { reviewedOnly: true })]);
  return { provider, offers, locations };
}
