import type { Database } from '../db/db-connection.ts';

export interface SearchMissRow {
  day: string;
  query: string;
  locale: string;
  district: string;
  category: string;
  filters: string;
  visitor: string;
  count: number;
}

/** Adds counts; one row per day, search and visitor. */
export async function upsertSearchMisses(db: Database, rows: SearchMissRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 100) {
    await db('search_misses')
      .insert(rows.slice(start, start + 100))
      .onConflict(['day', 'query', 'locale', 'district', 'category', 'filters', 'visitor'])
      .merge({ count: db.raw('search_misses.count + excluded.count') });
  }
}

export interface UnmetSearch {
  query: string;
  locale: string;
  district: string;
  category: string;
  filters: string;
  searches: number;
  days: number;
  visitors: number;
  lastDay: string;
}

/**
 * Searches that found nothing, most frequent first. A search is listed only
 * once it came on at least `minSpread` different days or from as many
 * different visitors, so one person's words never appear.
 */
export async function listUnmetSearches(
  db: Database,
  options: { locale?: string; district?: string; minSpread: number; limit: number },
): Promise<UnmetSearch[]> {
  const query = db('search_misses')
    .select('query', 'locale', 'district', 'category', 'filters')
    .sum({ searches: 'count' })
    .countDistinct({ days: 'day', visitors: 'visitor' })
    .max({ lastDay: 'day' })
    .groupBy('query', 'locale', 'district', 'category', 'filters')
    .havingRaw('count(distinct day) >= ? or count(distinct visitor) >= ?', [options.minSpread, options.minSpread])
    .orderBy([{ column: 'searches', order: 'desc' }, { column: 'query' }])
    .limit(options.limit);
  if (options.locale) query.where('locale', options.locale);
  if (options.district) query.where('district', options.district);
  const rows = (await query) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    query: String(row.query),
    locale: String(row.locale),
    district: String(row.district),
    category: String(row.category),
    filters: String(row.filters),
    searches: Number(row.searches),
    days: Number(row.days),
    visitors: Number(row.visitors),
    lastDay: String(row.lastDay),
  }));
}

/** Published offers with their towns, topics and languages offered, for the coverage matrix. */
export async function listPublishedOfferFacts(db: Database): Promise<Array<{ offerId: number; districts: string[]; categories: string[]; languages: string[] }>> {
  const published = db('offers').select('id').where('status', 'published');
  const [places, categories, languages] = await Promise.all([
    db('offer_locations').join('locations', 'locations.id', 'offer_locations.location_id').whereIn('offer_locations.offer_id', published).distinct('offer_locations.offer_id as offerId', 'locations.district as value'),
    db('offer_categories').whereIn('offer_id', published).select('offer_id as offerId', 'category as value'),
    db('offer_languages').whereIn('offer_id', published).select('offer_id as offerId', 'language as value'),
  ]);
  const facts = new Map<number, { offerId: number; districts: string[]; categories: string[]; languages: string[] }>();
  const factOf = (offerId: number) => facts.get(offerId) ?? facts.set(offerId, { offerId, districts: [], categories: [], languages: [] }).get(offerId)!;
  for (const row of places) factOf(Number(row.offerId)).districts.push(String(row.value));
  for (const row of categories) factOf(Number(row.offerId)).categories.push(String(row.value));
  for (const row of languages) factOf(Number(row.offerId)).languages.push(String(row.value));
  return [...facts.values()];
}
