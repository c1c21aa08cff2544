/**
 * Unique searches: every request in a run is a search nobody made before, so
 * no cache answers it. Measures, at 16 connections, the /search page, the API
 * and raw Meilisearch with the very queries the service sends, and reports per
 * search the app's and Meilisearch's CPU (from the operating system's
 * accounting: process.cpuUsage and /proc/<pid>/stat) and the round trips the
 * service made. A fourth row, the floor, is what any Node.js front of
 * Meilisearch costs here: a bare node:http server in a process of its own
 * (floor-server.ts; its CPU is read from /proc) that sends the same
 * multi-search, parses the answer and sends its first result's hits as JSON.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseQueryString } from 'node:querystring';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Meilisearch, MultiSearchQuery } from 'meilisearch';
import type { Services } from '../../server/bootstrap.ts';
import { parseSearchRequest, type SearchPageDeps } from '../../server/search/search-page.ts';
import { searchOffers } from '../../server/search/search-service.ts';
import type { LoadTarget } from './bench-load.ts';
import { buildSearchMixes } from './search-mixes.ts';

export type UniqueTarget = 'floor' | 'page' | 'api' | 'raw';

export interface UniqueRow {
  target: UniqueTarget;
  rps: number;
  p95: number;
  responses: number;
  /** CPU milliseconds per completed search. */
  appCpuMs: number;
  meiliCpuMs: number;
}

export interface UniqueReport {
  searches: number;
  roundTripsPerSearch: number;
  queriesPerSearch: number;
  rows: UniqueRow[];
}

export type MeasureRow = (
  targets: Record<UniqueTarget, { url: string; headers?: Record<string, string>; list: LoadTarget[]; pid?: number }>,
  name: UniqueTarget,
) => Promise<{ result: { rps: number; p95: number; responses: number; seconds: number }; appCpu: number; meiliCpu: number }>;

/** The unique mixes with the multi-search calls the service (cache off) sends for each. */
async function prepare(uncached: Services, count: number) {
  const mixes = buildSearchMixes(uncached.region, uncached.taxonomy, count, 11);
  const calls: MultiSearchQuery[][] = [];
  const real = uncached.engine.client;
  const client = { multiSearch: (body: { queries: MultiSearchQuery[] }) => (calls.push(structuredClone(body.queries)), real.multiSearch(body)) } as unknown as Meilisearch;
  const deps: SearchPageDeps = { engine: { ...uncached.engine, client }, taxonomy: uncached.taxonomy, region: uncached.region };
  const prepared: Array<{ query: string; calls: MultiSearchQuery[][] }> = [];
  for (const mix of mixes) {
    const request = parseSearchRequest(parseQueryString(mix.query), deps);
    if (Object.keys(request.problems).length > 0) continue;
    calls.length = 0;
    await searchOffers(deps, request.query);
    prepared.push({ query: mix.query, calls: [...calls] });
  }
  return prepared;
}

/** The floor server (floor-server.ts) in a child process, with the prepared searches' bodies. */
async function startFloorServer(engine: Services['engine'], prepared: Array<{ calls: MultiSearchQuery[][] }>): Promise<{ url: string; pid: number; close: () => Promise<void> }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-floor-'));
  const bodiesFile = path.join(folder, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(prepared.map((entry) => JSON.stringify({ queries: entry.calls.flat() }))));
  const script = fileURLToPath(new URL('./floor-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, engine.url, bodiesFile], { env: { ...process.env, MEILI_KEY: engine.masterKey }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return {
    url: `http://127.0.0.1:${Number(line)}`,
    pid: child.pid!,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Runs the four unique-search rows; `measure` is the benchmark's load-row measurement. */
export async function measureUniqueSearches(options: {
  services: Services;
  uncached: Services;
  appUrl: string;
  count: number;
  measure: MeasureRow;
  log: (line: string) => void;
  label: string;
}): Promise<UniqueReport> {
  const { services, log, label } = options;
  const prepared = await prepare(options.uncached, options.count);
  const roundTripsPerSearch = prepared.reduce((sum, entry) => sum + entry.calls.length, 0) / prepared.length;
  const queriesPerSearch = prepared.reduce((sum, entry) => sum + entry.calls.flat().length, 0) / prepared.length;
  log(`[${label}] unique searches: ${prepared.length} prepared; ${roundTripsPerSearch.toFixed(2)} round trips and ${queriesPerSearch.toFixed(1)} Meilisearch queries per search`);
  const floor = await startFloorServer(services.engine, prepared);
  const targets = {
    floor: { url: floor.url, pid: floor.pid, list: prepared.map((_, index): LoadTarget => ({ method: 'GET', path: `/${index}` })) },
    page: { url: options.appUrl, list: prepared.map((entry): LoadTarget => ({ method: 'GET', path: `/search?${entry.query}` })) },
    api: { url: options.appUrl, list: prepared.map((entry): LoadTarget => ({ method: 'GET', path: `/api/v1/search?${entry.query}` })) },
    raw: {
      url: services.engine.url,
      headers: { authorization: `Bearer ${services.engine.masterKey}`, 'content-type': 'application/json' },
      list: prepared.map((entry): LoadTarget => ({ method: 'POST', path: '/multi-search', body: JSON.stringify({ queries: entry.calls.flat() }) })),
    },
  };
  const rows: UniqueRow[] = [];
  try {
    for (const target of ['floor', 'page', 'api', 'raw'] as const) {
      // Nothing cached from the preparation or the row before.
      services.engine.resultCache.invalidate();
      const row = await options.measure(targets, target);
      const searches = row.result.responses;
      const perSearchMs = (cpuPercent: number) => (cpuPercent / 100) * row.result.seconds * 1000 / Math.max(1, searches);
      rows.push({ target, rps: row.result.rps, p95: row.result.p95, responses: searches, appCpuMs: perSearchMs(row.appCpu), meiliCpuMs: perSearchMs(row.meiliCpu) });
      const repeated = searches > prepared.length ? ` (${searches - prepared.length} repeated: raise the count)` : '';
      log(
        `[${label}] unique ${target.padEnd(5)} c=16: ${row.result.rps.toFixed(0)} searches/s, p95 ${row.result.p95.toFixed(1)} ms, ` +
          `app CPU ${perSearchMs(row.appCpu).toFixed(2)} ms/search, Meilisearch CPU ${perSearchMs(row.meiliCpu).toFixed(2)} ms/search${repeated}`,
      );
    }
  } finally {
    await floor.close();
  }
  return { searches: prepared.length, roundTripsPerSearch, queriesPerSearch, rows };
}
