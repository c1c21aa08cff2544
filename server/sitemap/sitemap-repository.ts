import type { Database } from '../db/db-connection.ts';

export interface SitemapEntry {
  path: string;
  lastmod: string;
}

/** Public offers: published, of a verified provider. */
const publicOffers = (db: Database) =>
  db('offers').join('providers', 'providers.id', 'offers.provider_id').where({ 'offers.status': 'published', 'providers.verified': true });

export async function countPublicOffers(db: Database): Promise<number> {
  const row = await publicOffers(db).count({ n: 'offers.id' }).first();
  return Number(row?.n ?? 0);
}

/** One chunk of offer pages, in id order, with the time of their last change. */
export async function listOfferPages(db: Database, offset: number, limit: number): Promise<SitemapEntry[]> {
  const rows = await publicOffers(db).orderBy('offers.id').offset(offset).limit(limit).select('offers.slug as slug', 'offers.updated_at as updatedAt');
  return rows.map((row: { slug: string; updatedAt: string }) => ({ path: `/offers/${encodeURIComponent(row.slug)}`, lastmod: row.updatedAt }));
}

/** Provider pages with at least one public offer; a page changes when the provider or any of its offers does. */
export async function listProviderPages(db: Database): Promise<SitemapEntry[]> {
  const rows: Array<{ slug: string; providerUpdatedAt: string; offerUpdatedAt: string }> = await publicOffers(db)
    .groupBy('providers.id', 'providers.slug', 'providers.updated_at')
    .orderBy('providers.id')
    .select('providers.slug as slug', 'providers.updated_at as providerUpdatedAt')
    .max({ offerUpdatedAt: 'offers.updated_at' });
  return rows.map((row) => ({
    path: `/providers/${encodeURIComponent(row.slug)}`,
    lastmod: row.providerUpdatedAt > row.offerUpdatedAt ? row.providerUpdatedAt : row.offerUpdatedAt,
  }));
}
