/**
 * npm run bench:fallback: what a search costs when the database answers it
 * (Meilisearch down or hung). Opens the demo directory in a temp folder (no
 * Meilisearch needed), builds the database copy of the search documents, and
 * runs unique searches (scripts/bench/search-mixes.ts, nobody asked them
 * before, so no cache) one after the other through DatabaseSearch: the result
 * list with facet counts, and the map markers. Prints CPU per search (this
 * process, process.cpuUsage) and latency percentiles. Asserts nothing.
 *
 * Environment: BENCH_FALLBACK_SEARCHES (default 400) unique searches per row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseQueryString } from 'node:querystring';
import { openStorage } from '../server/bootstrap.ts';
import { loadConfig } from '../server/config/config.ts';
import { createSilentLogger } from '../server/logging/logger.ts';
import { DatabaseSearch } from '../server/search/database-search.ts';
import { DatabaseSearchCopier } from '../server/search/database-search-copier.ts';
import { countSearchDocuments, isPostgres } from '../server/search/database-search-repository.ts';
import { loadSearchVocabulary } from '../server/search/offer-search-index.ts';
import { parseSearchRequest, type SearchPageDeps } from '../server/search/search-page.ts';
import { SearchVocabulary } from '../server/search/search-vocabulary.ts';
import type { SearchEngine } from '../server/search-engine/search-engine.ts';
import type { SearchQuery } from '../server/search/search-query.ts';
import { buildSearchMixes } from './bench/search-mixes.ts';

const count = Number(process.env.BENCH_FALLBACK_SEARCHES ?? 400);
const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-bench-fallback-'));
const config = loadConfig({ ...process.env, DATA_DIR: folder, DEMO_DATA: 'true', LOG_LEVEL: 'silent' });
const logger = createSilentLogger();

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

async function measure(label: string, queries: SearchQuery[], run: (query: SearchQuery) => Promise<unknown>): Promise<void> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const query of queries) {
    const start = performance.now();
    await run(query);
    latencies.push(performance.now() - start);
  }
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const cpuMs = (cpu.user + cpu.system) / 1000 / queries.length;
  console.log(
    `${label.padEnd(24)} ${String(queries.length).padStart(5)} searches  CPU ${cpuMs.toFixed(2)} ms/search  ` +
      `p50 ${percentile(latencies, 0.5).toFixed(2)} ms  p95 ${percentile(latencies, 0.95).toFixed(2)} ms  max ${latencies.at(-1)!.toFixed(2)} ms  ` +
      `(${((queries.length / wall) * 1000).toFixed(0)} searches/s on one connection)`,
  );
}

try {
  const { db, region, taxonomy } = await openStorage(config, logger, () => new Date());
  const copyStarted = performance.now();
  await new DatabaseSearchCopier({ db, taxonomy, logger }).rebuild();
  console.log(`database copy (${isPostgres(db) ? 'PostgreSQL' : 'SQLite FTS5'}): ${await countSearchDocuments(db)} documents built in ${((performance.now() - copyStarted) / 1000).toFixed(2)} s`);
  const deps = { taxonomy, region } as SearchPageDeps;
  const mixes = buildSearchMixes(region, taxonomy, count, 23);
  const queries = mixes
    .map((mix) => parseSearchRequest(parseQueryString(mix.query), deps))
    .filter((request) => Object.keys(request.problems).length === 0)
    .map((request) => request.query);
  const withText = queries.filter((query) => query.q !== '');
  // The index's vocabulary as the app holds it (for compounds), filled from the database.
  const vocabulary = new SearchVocabulary();
  await loadSearchVocabulary({ db, taxonomy, engine: { vocabulary } as SearchEngine, clock: () => new Date() });
  const search = new DatabaseSearch(db, vocabulary);
  await measure('warm-up', queries.slice(0, 20), (query) => search.searchOffers(query));
  await measure('result list, all mixes', queries, (query) => search.searchOffers(query));
  await measure('result list, with words', withText, (query) => search.searchOffers(query));
  await measure('map markers', queries, (query) => search.findMapMarkers(query));
  console.log(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg()[0]!.toFixed(2)}: on a shared machine the latencies include waiting for a core.`);
  await db.destroy();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
