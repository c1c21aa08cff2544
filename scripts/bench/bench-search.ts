/**
 * Search benchmark for one data set: the app runs in this process on
 * 127.0.0.1 (startServices + createApp), autocannon runs in a child process
 * (bench-load.ts) and loads the /search page, /api/v1/search and, for
 * comparison, Meilisearch's own /multi-search with exactly the queries the
 * search service sends for the same parameter mixes. The app endpoints run
 * twice: as configured (with the search answer cache) and from a second app on
 * the same services whose cache is off, so both figures are in every report.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
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
import type { LoadResult, LoadRun, LoadTarget } from './bench-load.ts';
import { summarise } from './bench-support.ts';
import { progressLogger } from './scale-data.ts';
import { buildSearchMixes, describeMixes, type SearchMix } from './search-mixes.ts';

export type TargetName = 'page' | 'pageFresh' | 'api' | 'apiFresh' | 'raw';

export const TARGET_NAMES: TargetName[] = ['page', 'pageFresh', 'api', 'apiFresh', 'raw'];

export const TARGET_LABELS: Record<TargetName, string> = {
  page: '/search page',
  pageFresh: '/search page, cache off',
  api: '/api/v1/search',
  apiFresh: '/api/v1/search, cache off',
  raw: 'raw Meilisearch multi-search',
};

export interface LoadRow {
  target: TargetName;
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
}

export interface SearchBenchOptions {
  label: string;
  config: AppConfig;
  durationSeconds: number;
  warmupSeconds: number;
  concurrencies: number[];
  inProcessRounds: number;
  log: (line: string) => void;
  /** Called with a stop function as soon as there is something to stop (for Ctrl-C). */
  onStarted?: (stop: () => Promise<void>) => void;
}

/** The load generator child process; one request at a time over IPC. */
class LoadGenerator {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: LoadResult) => void; reject: (error: Error) => void }>();

  constructor() {
    // Inherits the tsx loader from this process's execArgv.
    this.child = fork(path.join(import.meta.dirname, 'bench-load.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: { id: number; result?: LoadResult; error?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.result) waiting?.resolve(message.result);
      else waiting?.reject(new Error(message.error ?? 'load generator failed'));
    });
    this.child.on('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`load generator exited with ${code}`));
      this.pending.clear();
    });
  }

  run(run: LoadRun): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'run', id, run });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the command name; clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return 0;
  }
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

export async function benchSearch(options: SearchBenchOptions): Promise<SearchBenchReport> {
  const { log } = options;
  const started = performance.now();
  log(`[${options.label}] starting the app (embedded Meilisearch, reconcile) …`);
  // Silent but for indexing progress: a changed index setting makes the reconcile rebuild, which takes minutes at scale.
  const logger = progressLogger(log, { every: 10_000, started: () => started, prefix: `[${options.label}]   ` });
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
    log(`[${options.label}] app at ${app.url}: ${offers} published offers, ${documents} search documents, ready after ${startSeconds.toFixed(1)} s`);

    // The mixes, checked once through HTTP, and the exact multi-search calls the service sends for each.
    const mixes = buildSearchMixes(services.region, services.taxonomy);
    const calls: MultiSearchQuery[][] = [];
    const deps = recordingDeps(uncached, calls);
    const prepared: PreparedMix[] = [];
    let emptyMixes = 0;
    for (const mix of mixes) {
      for (const endpoint of ['/search', '/api/v1/search']) {
        const response = await fetch(`${app.url}${endpoint}?${mix.query}`);
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
    const twoRoundTrips = prepared.filter((entry) => entry.calls.length > 1).length;
    const queriesPerMix = prepared.reduce((sum, entry) => sum + entry.calls.flat().length, 0) / prepared.length;
    log(
      `[${options.label}] ${mixes.length} parameter mixes (${describeMixes(mixes)}); ${emptyMixes} find nothing, ` +
        `${twoRoundTrips} need a second round trip; ${queriesPerMix.toFixed(1)} Meilisearch queries per search on average`,
    );

    // In-process, one at a time: the search service against the raw multi-search calls it makes.
    const service: number[] = [];
    const raw: number[] = [];
    const engine: number[] = [];
    const plain = { engine: uncached.engine, taxonomy: services.taxonomy };
    for (let round = 0; round < options.inProcessRounds; round += 1) {
      for (const entry of prepared) {
        let t = performance.now();
        await searchOffers(plain, entry.query);
        service.push(ms(t));
        t = performance.now();
        let processing = 0;
        for (const queries of entry.calls) {
          const { results } = await services.engine.client.multiSearch({ queries });
          processing += (results as SearchResponse[]).reduce((sum, result) => sum + (result.processingTimeMs ?? 0), 0);
        }
        raw.push(ms(t));
        engine.push(processing);
      }
    }
    const inProcess = { samples: service.length, service: summarise(service), raw: summarise(raw), engine: summarise(engine) };
    log(
      `[${options.label}] in-process, sequential (${service.length} searches): searchOffers p50 ${inProcess.service.p50.toFixed(2)} ms ` +
        `p95 ${inProcess.service.p95.toFixed(2)} ms; raw multi-search p50 ${inProcess.raw.p50.toFixed(2)} ms p95 ${inProcess.raw.p95.toFixed(2)} ms; ` +
        `Meilisearch processingTimeMs p50 ${inProcess.engine.p50} p95 ${inProcess.engine.p95}`,
    );

    // Load targets: the two app endpoints, and Meilisearch with the very same queries (one request per mix;
    // where the service needed two round trips, their queries go in one multi-search).
    const targets: Record<TargetName, { url: string; headers?: Record<string, string>; list: LoadTarget[] }> = {
      page: { url: app.url, list: mixes.map((mix) => ({ method: 'GET', path: `/search?${mix.query}` })) },
      pageFresh: { url: freshApp.url, list: mixes.map((mix) => ({ method: 'GET', path: `/search?${mix.query}` })) },
      api: { url: app.url, list: mixes.map((mix) => ({ method: 'GET', path: `/api/v1/search?${mix.query}` })) },
      apiFresh: { url: freshApp.url, list: mixes.map((mix) => ({ method: 'GET', path: `/api/v1/search?${mix.query}` })) },
      raw: {
        url: services.engine.url,
        headers: { authorization: `Bearer ${services.engine.masterKey}`, 'content-type': 'application/json' },
        list: prepared.map((entry) => ({ method: 'POST', path: '/multi-search', body: JSON.stringify({ queries: entry.calls.flat() }) })),
      },
    };
    const runTarget = (name: TargetName, connections: number, durationSeconds: number) =>
      load!.run({ url: targets[name].url, connections, durationSeconds, headers: targets[name].headers, targets: targets[name].list });

    log(`[${options.label}] warming up (${options.warmupSeconds} s per target at 16 connections) …`);
    for (const name of TARGET_NAMES) await runTarget(name, 16, options.warmupSeconds);

    const rows: LoadRow[] = [];
    const meiliPid = services.engine.embedded?.pid();
    for (const connections of options.concurrencies) {
      for (const name of TARGET_NAMES) {
        const cacheBefore = services.engine.resultCache.stats();
        const appBefore = process.cpuUsage();
        const meiliBefore = processCpuSeconds(meiliPid);
        const machineBefore = machineBusySeconds();
        const result = await runTarget(name, connections, options.durationSeconds);
        const app = process.cpuUsage(appBefore);
        const machine = machineBusySeconds() - machineBefore;
        const percent = (cpuSeconds: number) => (100 * cpuSeconds) / result.seconds;
        const appSeconds = (app.user + app.system) / 1e6;
        const meiliSeconds = processCpuSeconds(meiliPid) - meiliBefore;
        const cacheAfter = services.engine.resultCache.stats();
        const lookups = cacheAfter.hits - cacheBefore.hits + cacheAfter.misses - cacheBefore.misses;
        const row: LoadRow = {
          target: name,
          connections,
          result,
          appCpu: percent(appSeconds),
          meiliCpu: percent(meiliSeconds),
          loadCpu: percent(result.cpuSeconds),
          otherCpu: Math.max(0, percent(machine - appSeconds - meiliSeconds - result.cpuSeconds)),
          cacheHitRate: name === 'page' || name === 'api' ? (lookups > 0 ? (cacheAfter.hits - cacheBefore.hits) / lookups : 0) : undefined,
        };
        rows.push(row);
        log(
          `[${options.label}] ${TARGET_LABELS[name].padEnd(28)} c=${String(connections).padStart(2)}: p50 ${result.p50.toFixed(2)} ms, ` +
            `p95 ${result.p95.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.rps.toFixed(0)} req/s` +
            `${result.non2xx + result.errors + result.timeouts > 0 ? `, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts` : ''}` +
            `${row.cacheHitRate !== undefined ? `, cache hits ${(100 * row.cacheHitRate).toFixed(0)}%` : ''}` +
            ` (CPU: app ${row.appCpu.toFixed(0)}%, Meilisearch ${row.meiliCpu.toFixed(0)}%, autocannon ${row.loadCpu.toFixed(0)}%, other processes ${row.otherCpu.toFixed(0)}%)`,
        );
      }
    }
    return {
      label: options.label,
      offers,
      documents,
      startSeconds,
      mixes: mixes.length,
      mixSummary: describeMixes(mixes),
      emptyMixes,
      twoRoundTrips,
      queriesPerMix,
      rows,
      inProcess,
    };
  } finally {
    await stop();
  }
}
