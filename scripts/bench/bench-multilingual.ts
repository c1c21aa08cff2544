/**
 * What the multilingual fields cost Meilisearch per search. The demo
 * directory's documents go into two indexes of one Meilisearch: the live
 * settings, and the same settings without the fields other languages added
 * (translated titles, summaries and descriptions, taxonomy labels in the six
 * other UI languages, and their localized attributes), the documents stripped
 * of them. The very multi-searches the search service sends for unique mixes
 * then run against both, interleaved in chunks so that other load on the
 * machine falls on both alike; Meilisearch's CPU comes from /proc/<pid>/stat.
 */
import { parse as parseQueryString } from 'node:querystring';
import type { Meilisearch, MultiSearchQuery, Settings } from 'meilisearch';
import type { Services } from '../../server/bootstrap.ts';
import { runTask } from '../../server/search-engine/search-engine.ts';
import { OFFERS_INDEX } from '../../server/search/offer-search-index.ts';
import { OFFER_INDEX_SETTINGS, TRANSLATION_LOCALES } from '../../server/search/search-index-settings.ts';
import { parseSearchRequest, type SearchPageDeps } from '../../server/search/search-page.ts';
import { searchOffers } from '../../server/search/search-service.ts';
import { processCpuSeconds } from './bench-support.ts';
import { buildSearchMixes } from './search-mixes.ts';

export interface MultilingualReport {
  searches: number;
  /** Meilisearch CPU milliseconds per search. */
  withFields: number;
  withoutFields: number;
  growth: number;
}

const OTHER_LANGUAGE_FIELD = new RegExp(`^(title|summary|description|labels)_(${Object.keys(TRANSLATION_LOCALES).join('|')})$`);

/** The live settings without the other languages' fields. */
export function germanOnlySettings(settings: Settings = OFFER_INDEX_SETTINGS): Settings {
  return {
    ...settings,
    searchableAttributes: settings.searchableAttributes?.filter((field) => !OTHER_LANGUAGE_FIELD.test(field)),
    localizedAttributes: settings.localizedAttributes?.filter((rule) => rule.attributePatterns.every((pattern) => !/^\*_/.test(pattern))),
  };
}

async function copyGermanOnly(services: Services, targetUid: string): Promise<number> {
  const client = services.engine.client;
  const source = client.index(services.engine.indexUid(OFFERS_INDEX));
  const target = client.index(targetUid);
  await runTask(client.createIndex(targetUid, { primaryKey: 'id' }));
  await runTask(target.updateSettings(germanOnlySettings()));
  let copied = 0;
  for (let offset = 0; ; offset += 1000) {
    const page = await source.getDocuments({ offset, limit: 1000 });
    if (page.results.length === 0) break;
    const stripped = page.results.map((document) => Object.fromEntries(Object.entries(document).filter(([field]) => !OTHER_LANGUAGE_FIELD.test(field))));
    await runTask(target.addDocuments(stripped));
    copied += stripped.length;
  }
  return copied;
}

/** The multi-search calls the service sends for each unique mix (cache off). */
async function recordCalls(services: Services, count: number): Promise<MultiSearchQuery[][]> {
  const recorded: MultiSearchQuery[][] = [];
  const real = services.engine.client;
  const client = { multiSearch: (body: { queries: MultiSearchQuery[] }) => (recorded.push(structuredClone(body.queries)), real.multiSearch(body)) } as unknown as Meilisearch;
  const deps: SearchPageDeps = { engine: { ...services.engine, client, resultCache: { remember: (_key: string, make: () => Promise<unknown>) => make() } as never }, taxonomy: services.taxonomy, region: services.region };
  for (const mix of buildSearchMixes(services.region, services.taxonomy, count, 29)) {
    const request = parseSearchRequest(parseQueryString(mix.query), deps);
    if (Object.keys(request.problems).length === 0) await searchOffers(deps, request.query);
  }
  return recorded;
}

export async function benchMultilingualCost(services: Services, options: { searches: number; log: (line: string) => void }): Promise<MultilingualReport> {
  const liveUid = services.engine.indexUid(OFFERS_INDEX);
  const germanUid = `${liveUid}_german_only`;
  const copied = await copyGermanOnly(services, germanUid);
  options.log(`  copied ${copied} documents into ${germanUid} without the other languages' fields`);
  try {
    const calls = await recordCalls(services, options.searches);
    const pid = services.engine.embedded?.pid();
    if (!pid) throw new Error('the multilingual comparison needs the embedded Meilisearch (its CPU is read from /proc)');
    const cpu = { live: 0, german: 0 };
    const chunk = 50;
    for (let start = 0; start < calls.length; start += chunk) {
      for (const variant of start % (2 * chunk) === 0 ? (['live', 'german'] as const) : (['german', 'live'] as const)) {
        const before = processCpuSeconds(pid);
        for (const queries of calls.slice(start, start + chunk)) {
          await services.engine.client.multiSearch({ queries: queries.map((query) => ({ ...query, indexUid: variant === 'live' ? liveUid : germanUid })) });
        }
        cpu[variant] += processCpuSeconds(pid) - before;
      }
    }
    const perSearch = (seconds: number) => (seconds * 1000) / calls.length;
    const report = { searches: calls.length, withFields: perSearch(cpu.live), withoutFields: perSearch(cpu.german), growth: cpu.live / Math.max(cpu.german, 1e-9) - 1 };
    options.log(
      `  ${report.searches} unique searches: Meilisearch CPU ${report.withFields.toFixed(2)} ms/search with the multilingual fields, ` +
        `${report.withoutFields.toFixed(2)} ms without: ${report.growth >= 0 ? '+' : ''}${(report.growth * 100).toFixed(0)} %`,
    );
    return report;
  } finally {
    await runTask(services.engine.client.deleteIndex(germanUid));
  }
}
