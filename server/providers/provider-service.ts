import type { Database } from '../db/db-connection.ts';
import { NotFoundError } from '../errors/app-errors.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import type { Offer, Provider } from '../offers/offer-types.ts';
import { findProviderBySlug, listLocationsOfProvider } from './provider-repository.ts';

/** A provider with its locations and published offers, for the provider page. */
export async function findProviderPage(db: Database, slug: string): Promise<{ provider: Provider; offers: Offer[]; locations: Awaited<ReturnType<typeof listLocationsOfProvider>> }> {
  const provider = await findProviderBySlug(db, slug.slice(0, 120));
  if (!provider) throw new NotFoundError('errors.providerNotFound');
  const ids = (await db('offers').where({ provider_id: provider.id, status: 'published' }).orderBy('title').select('id')).map((row) => row.id as number);
  const [offers, locations] = await Promise.all([findOffersByIds(db, ids), listLocationsOfProvider(db, provider.id)]);
  return { provider, offers, locations };
}
