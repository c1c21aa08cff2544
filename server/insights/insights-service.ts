import { stringify } from 'csv-stringify/sync';
import type { Database } from '../db/db-connection.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { ViewContext } from '../web/view-context.ts';
import { listPublishedOfferFacts, listUnmetSearches, type UnmetSearch } from './insights-repository.ts';
import type { SearchMissRecorder } from './search-miss-recorder.ts';

export interface InsightsDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  recorder: SearchMissRecorder;
}

export interface InsightsFilter {
  locale: string;
  district: string;
  /** Language offered, for the coverage matrix; empty for all. */
  language: string;
}

/** Different days or visitors before a search is shown to staff. */
export const MIN_SPREAD = 3;

/** Reads the filter from query parameters, keeping only known values. */
export function parseInsightsFilter(raw: Record<string, unknown>, deps: Pick<InsightsDeps, 'taxonomy'>, locales: string[]): InsightsFilter {
  const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : '');
  return {
    locale: locales.includes(text('locale')) ? text('locale') : '',
    district: deps.taxonomy.has('district', text('district')) ? text('district') : '',
    language: deps.taxonomy.has('language', text('language')) ? text('language') : '',
  };
}

async function unmetSearches(deps: InsightsDeps, filter: InsightsFilter): Promise<UnmetSearch[]> {
  await deps.recorder.flush();
  return listUnmetSearches(deps.db, { locale: filter.locale || undefined, district: filter.district || undefined, minSpread: MIN_SPREAD, limit: 200 });
}

/** Offers per town and top-level topic, optionally only those offered in one language; 0 marks a gap. */
async function coverage(deps: InsightsDeps, filter: InsightsFilter) {
  const topics = deps.taxonomy.topCategories();
  const counts = new Map<string, number>();
  for (const offer of await listPublishedOfferFacts(deps.db)) {
    if (filter.language && !offer.languages.includes(filter.language)) continue;
    const offerTopics = new Set(deps.taxonomy.withParents(offer.categories).filter((slug) => topics.some((topic) => topic.slug === slug)));
    for (const district of new Set(offer.districts)) for (const topic of offerTopics) counts.set(`${district}|${topic}`, (counts.get(`${district}|${topic}`) ?? 0) + 1);
  }
  return {
    topics,
    rows: deps.region.districts.map((district) => ({ district, cells: topics.map((topic) => counts.get(`${district.slug}|${topic.slug}`) ?? 0) })),
  };
}

function describeMiss(miss: UnmetSearch, ctx: ViewContext) {
  return {
    ...miss,
    queryLabel: miss.query || ctx.t('insights.filtersOnly'),
    localeLabel: miss.locale,
    districtLabel: miss.district ? ctx.taxonomy.label('district', miss.district, ctx.locale) : '',
    categoryLabel: miss.category ? ctx.taxonomy.label('category', miss.category, ctx.locale) : '',
  };
}

/** The staff page: unmet searches and the coverage matrix with its gaps. */
export async function buildInsightsPage(deps: InsightsDeps, filter: InsightsFilter, ctx: ViewContext, locales: string[]) {
  const [misses, matrix] = await Promise.all([unmetSearches(deps, filter), coverage(deps, filter)]);
  const option = (value: string, label: string, selected: string) => ({ value, label, selected: value === selected });
  return {
    filter,
    minSpread: MIN_SPREAD,
    misses: misses.map((miss) => describeMiss(miss, ctx)),
    topics: matrix.topics.map((topic) => ctx.taxonomy.label('category', topic.slug, ctx.locale)),
    rows: matrix.rows.map(({ district, cells }) => ({ label: district.name, cells: cells.map((count) => ({ count, empty: count === 0 })) })),
    gaps: matrix.rows.reduce((sum, row) => sum + row.cells.filter((count) => count === 0).length, 0),
    localeOptions: locales.map((locale) => option(locale, locale, filter.locale)),
    districtOptions: deps.region.districts.map((district) => option(district.slug, district.name, filter.district)),
    languageOptions: ctx.taxonomy.terms('language').map((term) => option(term.slug, ctx.taxonomy.label('language', term.slug, ctx.locale), filter.language)),
    query: new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== '')).toString(),
  };
}

/** A cell that a spreadsheet would run as a formula is written as text. */
function safeCell(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toCsv(rows: Array<Array<string | number>>): string {
  return stringify(rows.map((row) => row.map(safeCell)), { delimiter: ';', bom: true, record_delimiter: 'windows' });
}

/** The unmet searches as CSV for Excel (semicolons, BOM). */
export async function unmetSearchesCsv(deps: InsightsDeps, filter: InsightsFilter, ctx: ViewContext): Promise<string> {
  const header = ['query', 'language', 'district', 'topic', 'filters', 'searches', 'days', 'visitors', 'lastDay'].map((key) => ctx.t(`insights.csv.${key}`));
  const misses = (await unmetSearches(deps, filter)).map((miss) => describeMiss(miss, ctx));
  return toCsv([header, ...misses.map((miss) => [miss.query, miss.locale, miss.districtLabel, miss.categoryLabel, miss.filters, miss.searches, miss.days, miss.visitors, miss.lastDay])]);
}

/** The coverage matrix as CSV: one row per town, one column per topic. */
export async function coverageCsv(deps: InsightsDeps, filter: InsightsFilter, ctx: ViewContext): Promise<string> {
  const matrix = await coverage(deps, filter);
  const header = [ctx.t('insights.csv.district'), ...matrix.topics.map((topic) => ctx.taxonomy.label('category', topic.slug, ctx.locale))];
  return toCsv([header, ...matrix.rows.map(({ district, cells }) => [district.name, ...cells])]);
}
