import type { Database } from '../db/db-connection.ts';
import { insertOfferRow, replaceOfferRelations } from '../offers/offer-repository.ts';
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
    const publishedIds: number[] = [];
    for (const [index, offer] of directory.offers.entries()) {
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
      const status = input.status ?? 'draft';
      const offerId = await insertOfferRow(trx, input, { slug, status, now: options.now });
      await replaceOfferRelations(trx, offerId, input);
      if (status === 'published') publishedIds.push(offerId);
      result.offers += 1;
      if ((index + 1) % 100 === 0) options.onProgress?.(index + 1, directory.offers.length);
    }
    await enqueueSearchSync(trx, publishedIds, options.now);
    result.published = publishedIds.length;
  });
  return result;
}
