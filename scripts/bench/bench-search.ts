/**
 * Search benchmark for one data set: the app runs in this process on
 * 127.0.0.1 (startServices + createApp), autocannon runs in a child process
 * (bench-load.ts) and loads the /search page, /api/v1/search and, for
 * comparison, Meilisearch's own /multi-search with exactly the queries the
 * search service sends for the same parameter mixes. The app endpoints run
 * twice: as configured (with the search answer cache) and from a second app on
 * the same services whose cache is off, so both figures are in every report.
 */
import type { Server } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Meilisearch, MultiSearchQuery, SearchResponse } from 'meilisearch';
import { createApp } from '../../server/app.ts';
import { startServices, stopServices, type Services } from '../../server/bootstrap.ts';
import type { AppConfig } from '../../server/config/config.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { countPublishedOffers } from '../../server/offers/offer-repository.ts';
import { countIndexedDocuments } from '../../server/search/offer-search-index.ts';
import { parseSearchRequest, type SearchPageDeps } from '../../server/search/search-page.ts';
import type { SearchQuery } from '../../server/search/search-query.ts';
import { searchOffers } from '../../server/search/search-service.ts';
import { SearchResultCache } from '../../server/search-engine/search-result-cache.ts';
import type { LoadResult, LoadTarget } from './bench-load.ts';
import { LoadGenerator } from './bench-load-generator.ts';
import { machineBusySeconds, processCpuSeconds, summarise } from './bench-support.ts';
import { progressLogger } from './scale-data.ts';
import { buildSearchMixes, describeMixes, type SearchMix } from './search-mixes.ts';
import { measureUniqueSearches, type UniqueReport, type UniqueTarget } from './bench-unique.ts';
import { measurePageBuild, type PageBuildReport } from './bench-page-build.ts';

export type TargetName = 'page' | 'pageFresh' | 'api' | 'apiFresh' | 'raw';

export const TARGET_NAMES: TargetName[] = ['page', 'pageFresh', 'api', 'apiFresh', 'raw'];

export const TARGET_LABELS: Record<TargetName | UniqueTarget, string> = {
  floor: 'bare node:http forwarder',
  page: '/search page',
  pageFresh: '/search page, cache off',
  api: '/api/v1/search',
  apiFresh: '/api/v1/search, cache off',
  raw: 'raw Meilisearch multi-search',
};

export interface LoadRow {
  target: TargetName | UniqueTarget;
  connections: number;
  result: LoadResult;
  /** CPU use during the run in % of one core. */
  appCpu: number;
  meiliCpu: number;
  loadCpu: number;
  /** Everything else on the machine meanwhile (other processes), from /proc/stat. */
  otherCpu: number;
  /** Share of searches answered from the cache during the run (cached targets only). */
  cacheHitRate: number | undefined;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export interface SearchBenchReport {
  label: string;
  offers: number;
  documents: number;
  startSeconds: number;
  mixes: number;
  mixSummary: string;
  emptyMixes: number;
  /** Mixes whose search needed a second round trip (suggestions for an empty result). */
  twoRoundTrips: number;
  queriesPerMix: number;
  rows: LoadRow[];
  /** In-process, one at a time: searchOffers() and the same multi-search calls on the app's client. */
  inProcess: { samples: number; service: Latency; raw: Latency; engine: Latency };
  /** Searches nobody made before: per-search CPU and round trips. */
  unique: UniqueReport;
  /** In process, no HTTP: the page's view building and rendering per page. */
  pageBuild: PageBuildReport;
}

export interface SearchBenchOptions {
  label: string;
  config: AppConfig;
  durationSeconds: number;
  warmupSeconds: number;
  concurrencies: number[];
  inProcessRounds: number;
  log: (line: string) => void;
  /** How many unique searches to prepare for the unique rows (more than a row sends). */
  uniqueSearches: number;
  /** Called with a stop function as soon as there is something to stop (for Ctrl-C). */
  onStarted?: (stop: () => Promise<void>) => void;
}

/** Search deps whose client records every multi-search the service sends, then sends it. */
function recordingDeps(services: Services, calls: MultiSearchQuery[][]): SearchPageDeps {
  const real = services.engine.client;
  const client = {
    multiSearch: (body: { queries: MultiSearchQuery[] }) => {
      calls.push(structuredClone(body.queries));
      return real.multiSearch(body);
    },
  } as unknown as Meilisearch;
  return { engine: { ...services.engine, client }, taxonomy: services.taxonomy, region: services.region };
}

interface PreparedMix {
  mix: SearchMix;
  query: SearchQuery;
  /** The multi-search calls the service sent for it, in order. */
  calls: MultiSearchQuery[][];
}

/** The same services with the search answer cache turned off. */
function withoutCache(services: Services): Services {
  return { ...services, engine: { ...services.engine, resultCache: new SearchResultCache({ maxEntries: 0, ttlMs: 1 }) } };
}

async function startApp(services: Services): Promise<{ server: Server; url: string }> {
  // LOG_LEVEL silent for the app: no request logging while it is measured.
  const app = createApp({ ...services, logger: createSilentLogger(), i18n: await createI18n() });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

const ms = (since: number) => performance.now() - since;

/** The mixes, each checked once through HTTP, with the exact multi-search calls the service sends for it. */
async function prepareMixes(appUrl: string, uncached: Services): Promise<{ mixes: SearchMix[]; prepared: PreparedMix[]; emptyMixes: number }> {
  const mixes = buildSearchMixes(uncached.region, uncached.taxonomy);
  const calls: MultiSearchQuery[][] = [];
  const deps = recordingDeps(uncached, calls);
  const prepared: PreparedMix[] = [];
  let emptyMixes = 0;
  for (const mix of mixes) {
    for (const endpoint of ['/search', '/api/v1/search']) {
      const response = await fetch(`${appUrl}${endpoint}?${mix.query}`);
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${endpoint}?${mix.query} answered ${response.status}: ${body.slice(0, 200)}`);
      if (endpoint === '/api/v1/search' && (JSON.parse(body) as { total: number }).total === 0) emptyMixes += 1;
    }
    const request = parseSearchRequest(parseQueryString(mix.query), deps);
    if (Object.keys(request.problems).length > 0) throw new Error(`mix ${mix.query} has problems: ${JSON.stringify(request.problems)}`);
    calls.length = 0;
    await searchOffers(deps, request.query);
    prepared.push({ mix, query: request.query, calls: [...calls] });
  }
  return { mixes, prepared, emptyMixes };
}

/** In-process, one at a time: the search service (cache off) against the raw multi-search calls it makes. */
async function measureInProcess(prepared: PreparedMix[], uncached: Services, rounds: number): Promise<SearchBenchReport['inProcess']> {
  const service: number[] = [];
  const raw: number[] = [];
  const engine: number[] = [];
  const plain = { engine: uncached.engine, taxonomy: uncached.taxonomy };
  for (let round = 0; round < rounds; round += 1) {
    for (const entry of prepared) {
      let t = performance.now();
      await searchOffers(plain, entry.query);
      service.push(ms(t));
      t = performance.now();
      let processing = 0;
      for (const queries of entry.calls) {
        const { results } = await uncached.engine.client.multiSearch({ queries });
        processing += (results as SearchResponse[]).reduce((sum, result) => sum + (result.processingTimeMs ?? 0), 0);
      }
      raw.push(ms(t));
      engine.push(processing);
    }
  }
  return { samples: service.length, service: summarise(service), raw: summarise(raw), engine: summarise(engine) };
}

/** A load target; `pid` names the process whose CPU counts as the app's (default: this one). */
type Targets = Record<TargetName, { url: string; headers?: Record<string, string>; list: LoadTarget[]; pid?: number }>;

/**
 * Load targets: the two app endpoints, cached and not, and Meilisearch with the very same queries
 * (one request per mix; where the service needed two round trips, their queries go in one multi-search).
 */
function loadTargets(urls: { app: string; freshApp: string }, mixes: SearchMix[], prepared: PreparedMix[], engine: Services['engine']): Targets {
  const paths = (base: string) => mixes.map((mix): LoadTarget => ({ method: 'GET', path: `${base}?${mix.query}` }));
  return {
    page: { url: urls.app, list: paths('/search') },
    pageFresh: { url: urls.freshApp, list: paths('/search') },
    api: { url: urls.app, list: paths('/api/v1/search') },
    apiFresh: { url: urls.freshApp, list: paths('/api/v1/search') },
    raw: {
      url: engine.url,
      headers: { authorization: `Bearer ${engine.masterKey}`, 'content-type': 'application/json' },
      list: prepared.map((entry) => ({ method: 'POST', path: '/multi-search', body: JSON.stringify({ queries: entry.calls.flat() }) })),
    },
  };
}

/** One load run with the CPU each process used meanwhile and, for the cached targets, the cache-hit rate. */
async function measureLoadRow(load: LoadGenerator, targets: Partial<Record<TargetName | UniqueTarget, Targets[TargetName]>>, name: TargetName | UniqueTarget, connections: number, durationSeconds: number, services: Services): Promise<LoadRow> {
  const target = targets[name];
  if (!target) throw new Error(`no load target ${name}`);
  const meiliPid = services.engine.embedded?.pid();
  const cacheBefore = services.engine.resultCache.stats();
  const appCpuSeconds = () => (target.pid ? processCpuSeconds(target.pid) : (({ user, system }) => (user + system) / 1e6)(process.cpuUsage()));
  const appBefore = appCpuSeconds();
  const meiliBefore = processCpuSeconds(meiliPid);
  const machineBefore = machineBusySeconds();
  const result = await load.run({ url: target.url, connections, durationSeconds, headers: target.headers, targets: target.list });
  const appSeconds = appCpuSeconds() - appBefore;
  const machine = machineBusySeconds() - machineBefore;
  const percent = (cpuSeconds: number) => (100 * cpuSeconds) / result.seconds;
  const meiliSeconds = processCpuSeconds(meiliPid) - meiliBefore;
  const cacheAfter = services.engine.resultCache.stats();
  const hits = cacheAfter.hits - cacheBefore.hits;
  const lookups = hits + cacheAfter.misses - cacheBefore.misses;
  return {
    target: name,
    connections,
    result,
    appCpu: percent(appSeconds),
    meiliCpu: percent(meiliSeconds),
    loadCpu: percent(result.cpuSeconds),
    otherCpu: Math.max(0, percent(machine - appSeconds - meiliSeconds - result.cpuSeconds)),
    cacheHitRate: name === 'page' || name === 'api' ? (lookups > 0 ? hits / lookups : 0) : undefined,
  };
}

function describeRow(label: string, row: LoadRow): string {
  const { result } = row;
  const failures = result.non2xx + result.errors + result.timeouts;
  return (
    `[${label}] ${TARGET_LABELS[row.target].padEnd(28)} c=${String(row.connections).padStart(2)}: p50 ${result.p50.toFixed(2)} ms, ` +
    `p95 ${result.p95.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.rps.toFixed(0)} req/s` +
    `${failures > 0 ? `, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts` : ''}` +
    `${row.cacheHitRate !== undefined ? `, cache hits ${(100 * row.cacheHitRate).toFixed(0)}%` : ''}` +
    ` (CPU: app ${row.appCpu.toFixed(0)}%, Meilisearch ${row.meiliCpu.toFixed(0)}%, autocannon ${row.loadCpu.toFixed(0)}%, other processes ${row.otherCpu.toFixed(0)}%)`
  );
}

export async function benchSearch(options: SearchBenchOptions): Promise<SearchBenchReport> {
  const { log, label } = options;
  const started = performance.now();
  log(`[${label}] starting the app (embedded Meilisearch, reconcile) …`);
  // Silent but for indexing progress: a changed index setting makes the reconcile rebuild, which takes minutes at scale.
  const logger = progressLogger(log, { every: 10_000, started: () => started, prefix: `[${label}]   ` });
  const services = await startServices(options.config, logger, { PATH: process.env.PATH });
  const servers: Server[] = [];
  let load: LoadGenerator | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await load?.stop();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await stopServices(services);
  };
  options.onStarted?.(stop);
  try {
    const uncached = withoutCache(services);
    const app = await startApp(services);
    servers.push(app.server);
    const freshApp = await startApp(uncached);
    servers.push(freshApp.server);
    load = new LoadGenerator();
    const startSeconds = ms(started) / 1000;
    const [offers, documents] = await Promise.all([countPublishedOffers(services.db), countIndexedDocuments(services.engine)]);
    log(`[${label}] app at ${app.url}: ${offers} published offers, ${documents} search documents, ready after ${startSeconds.toFixed(1)} s`);

    const { mixes, prepared, emptyMixes } = await prepareMixes(app.url, uncached);
    const twoRoundTrips = prepared.filter((entry) => entry.calls.length > 1).length;
    const queriesPerMix = prepared.reduce((sum, entry) => sum + entry.calls.flat().length, 0) / prepared.length;
    log(
      `[${label}] ${mixes.length} parameter mixes (${describeMixes(mixes)}); ${emptyMixes} find nothing, ` +
        `${twoRoundTrips} need a second round trip; ${queriesPerMix.toFixed(1)} Meilisearch queries per search on average`,
    );

    const inProcess = await measureInProcess(prepared, uncached, options.inProcessRounds);
    log(
      `[${label}] in-process, sequential (${inProcess.samples} searches): searchOffers p50 ${inProcess.service.p50.toFixed(2)} ms ` +
        `p95 ${inProcess.service.p95.toFixed(2)} ms; raw multi-search p50 ${inProcess.raw.p50.toFixed(2)} ms p95 ${inProcess.raw.p95.toFixed(2)} ms; ` +
        `Meilisearch processingTimeMs p50 ${inProcess.engine.p50} p95 ${inProcess.engine.p95}`,
    );

    const targets = loadTargets({ app: app.url, freshApp: freshApp.url }, mixes, prepared, services.engine);
    log(`[${label}] warming up (${options.warmupSeconds} s per target at 16 connections) …`);
    for (const name of TARGET_NAMES) await measureLoadRow(load, targets, name, 16, options.warmupSeconds, services);
    const rows: LoadRow[] = [];
    for (const connections of options.concurrencies) {
      for (const name of TARGET_NAMES) {
        const row = await measureLoadRow(load, targets, name, connections, options.durationSeconds, services);
        rows.push(row);
        log(describeRow(label, row));
      }
    }
    const unique = await measureUniqueSearches({
      services,
      uncached,
      appUrl: app.url,
      count: options.uniqueSearches,
      label,
      log,
      measure: (uniqueTargets, name) => measureLoadRow(load!, { ...targets, ...uniqueTargets }, name, 16, options.durationSeconds, services),
    });
    const pageBuild = await measurePageBuild(services, 300);
    log(
      `[${label}] search page in process (${pageBuild.pages} pages, answers cached): view built in ${pageBuild.buildMs.toFixed(2)} ms, ` +
        `rendered in ${pageBuild.renderMs.toFixed(2)} ms CPU per page, ${pageBuild.kilobytes.toFixed(0)} KB`,
    );
    return { label, offers, documents, startSeconds, mixes: mixes.length, mixSummary: describeMixes(mixes), emptyMixes, twoRoundTrips, queriesPerMix, rows, inProcess, unique, pageBuild };
  } finally {
    await stop();
  }
}
