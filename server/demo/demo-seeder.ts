import type { Database } from '../db/db-connection.ts';
import { insertOfferRelations, insertOfferRows } from '../offers/offer-repository.ts';
import { parseOfferInput } from '../offers/offer-schema.ts';
import { countProviders, insertLocation, insertProvider } from '../providers/provider-repository.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { slugify } from '../offers/offer-mapper.ts';
import type { DemoDirectory } from './demo-generator.ts';

export interface SeedResult {
  providers: number;
  locations: number;
  offers: number;
  published: number;
}

/**
 * Writes a generated demo directory into an empty database in one transaction.
 * Every offer passes the same validation as a submitted one; published offers
 * get outbox entries like any other public write.
 */
export async function seedDemoDirectory(
  db: Database,
  taxonomy: Taxonomy,
  directory: DemoDirectory,
  options: { now: string; onProgress?: (done: number, total: number) => void },
): Promise<SeedResult> {
  if ((await countProviders(db)) > 0) throw new Error('The database already holds providers; demo data goes only into an empty directory.');
  const result: SeedResult = { providers: 0, locations: 0, offers: 0, published: 0 };
  await db.transaction(async (trx) => {
    const providerIds = new Map<string, number>();
    const locationIds = new Map<string, number>();
    const districtOfLocation = new Map<string, string>();
    for (const provider of directory.providers) {
      const providerId = await insertProvider(trx, provider, options.now);
      providerIds.set(provider.slug, providerId);
      result.providers += 1;
      for (const location of provider.locations) {
        locationIds.set(location.key, await insertLocation(trx, providerId, location, options.now));
        districtOfLocation.set(location.key, location.district);
        result.locations += 1;
      }
    }
    const usedSlugs = new Set<string>();
    const items = directory.offers.map((offer) => {
      const input = parseOfferInput(
        {
          ...offer.input,
          providerId: providerIds.get(offer.providerSlug),
          locationIds: offer.locationKeys.map((key) => locationIds.get(key)),
        },
        taxonomy,
      );
      const district = districtOfLocation.get(offer.locationKeys[0] ?? '') ?? 'online';
      const base = slugify(`${input.title} ${district}`);
      let slug = base;
      for (let n = 2; usedSlugs.has(slug); n += 1) slug = `${base}-${n}`;
      usedSlugs.add(slug);
      return { input, slug, status: input.status ?? 'draft' };
    });
    // Many offers per statement (ids still in list order): on PostgreSQL every statement is a round trip.
    const publishedIds: number[] = [];
    for (let start = 0; start < items.length; start += 100) {
      const part = items.slice(start, start + 100);
      const ids = await insertOfferRows(trx, part, options.now);
      await insertOfferRelations(trx, part.map((item, i) => ({ offerId: ids[i]!, input: item.input })));
      part.forEach((item, i) => item.status === 'published' && publishedIds.push(ids[i]!));
      result.offers += part.length;
      options.onProgress?.(result.offers, items.length);
    }
    await enqueueSearchSync(trx, publishedIds, options.now);
    result.published = publishedIds.length;
  });
  return result;
}
