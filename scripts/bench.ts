/**
 * npm run bench: prints measured figures; asserts nothing.
 *
 *   npm run bench                 transport, search on the demo data, search on 100,000 offers
 *   npm run bench -- --quick      transport and the demo data only, shorter runs
 *   npm run bench -- --brochure-only   the brochure's time and page count only
 *   npm run bench -- --multilingual-only   Meilisearch's CPU per search with and without the multilingual fields
 *
 * Environment: BENCH_SKIP_SCALE=1 skips the 100,000-offer set; BENCH_SCALE_DIR
 * names a folder for it (reused when scripts/generate-scale.ts already filled it,
 * and then kept); BENCH_SCALE_OFFERS changes its size; BENCH_DURATION sets the
 * seconds per load run (default 10, 3 with --quick); BENCH_IMPORT_ROWS the size of the
 * generated import file (default 5,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config/config.ts';
import { benchBrochure } from './bench/bench-brochure.ts';
import { benchImport, importTable, type ImportBenchReport } from './bench/bench-import.ts';
import { benchMultilingualCost, type MultilingualReport } from './bench/bench-multilingual.ts';
import { startServices, stopServices } from '../server/bootstrap.ts';
import { createSilentLogger } from '../server/logging/logger.ts';
import { benchTransport } from './bench/bench-transport.ts';
import { benchSearch, type SearchBenchReport } from './bench/bench-search.ts';
import { inProcessTable, loadTable, ratioTable, verdicts } from './bench/bench-report.ts';
import { quietAbortSignalWarnings, stopEmbeddedMeiliOf, transportMeiliFolders } from './bench/bench-support.ts';
import { DEFAULT_SCALE_OFFERS, generateScaleData, readScaleData, scaleConfig } from './bench/scale-data.ts';

const quick = process.argv.includes('--quick');
const skipScale = quick || process.env.BENCH_SKIP_SCALE === '1';
const durationSeconds = Number(process.env.BENCH_DURATION ?? (quick ? 3 : 10));
const warmupSeconds = quick ? 1 : 2;
const scaleOffers = Number(process.env.BENCH_SCALE_OFFERS ?? DEFAULT_SCALE_OFFERS);
const concurrencies = [1, 16, 64];
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const benchStarted = performance.now();
const suppressedWarnings = quietAbortSignalWarnings();

const log = (line: string) => console.log(line);
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0)} s`;

/** What to undo on the way out, newest first: running apps, temp folders. */
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      console.error('clean-up step failed:', error);
    }
  }
}
process.once('SIGINT', () => {
  console.log('\nInterrupted: stopping what the benchmark started …');
  for (const folder of transportMeiliFolders) {
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }), () => stopEmbeddedMeiliOf(folder, folder));
  }
  void cleanUp().finally(() => process.exit(130));
});

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Interrupted during a start or an index build, the app has no stop handle yet: end its Meilisearch by pid file. */
function guardMeiliOf(dataDir: string): void {
  cleanups.push(() => stopEmbeddedMeiliOf(dataDir));
}

async function runSearchBench(label: string, config: ReturnType<typeof loadConfig>): Promise<SearchBenchReport> {
  let stopApp: (() => Promise<void>) | undefined;
  const undo = async () => stopApp?.();
  cleanups.push(undo);
  try {
    return await benchSearch({
      label,
      config,
      durationSeconds,
      warmupSeconds,
      concurrencies,
      inProcessRounds: quick ? 2 : 5,
      // More than a 16-connection row sends in its seconds, so no search repeats.
      uniqueSearches: quick ? 3000 : 8000,
      log,
      onStarted: (stop) => {
        stopApp = stop;
      },
    });
  } finally {
    cleanups.splice(cleanups.indexOf(undo), 1);
  }
}

/** Meilisearch's CPU per search with and without the fields other languages add, on the demo data. */
async function runMultilingualBench(): Promise<MultilingualReport> {
  const dir = tempFolder('wegweiser-bench-multilingual-');
  guardMeiliOf(dir);
  const services = await startServices(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'true', LOG_LEVEL: 'silent', MEILI_BINARY: process.env.MEILI_BINARY }), createSilentLogger(), process.env);
  try {
    return await benchMultilingualCost(services, { searches: quick ? 600 : 2000, log });
  } finally {
    await stopServices(services);
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  log(`npm run bench${quick ? ' --quick' : ''}: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}`);
  log(`load average at start: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);

  const multilingualOnly = process.argv.includes('--multilingual-only');
  if (!multilingualOnly) {
    log('\n== 0. Brochure (npm run brochure) on the demo data');
    await benchBrochure(log);
    if (process.argv.includes('--brochure-only')) return;
  }

  log(`\n== 0b. Multilingual fields: Meilisearch CPU per search with and without them [${elapsed()}]`);
  const multilingual = await runMultilingualBench();
  if (multilingualOnly) return;

  log('\n== 1. Meilisearch client transport');
  await benchTransport();

  const reports: SearchBenchReport[] = [];
  log(`\n== 2. Search on the demo data (${durationSeconds} s per run, connections ${concurrencies.join(', ')}) [${elapsed()}]`);
  const demoDir = tempFolder('wegweiser-bench-demo-');
  guardMeiliOf(demoDir);
  const demo = await runSearchBench('demo', loadConfig({ DATA_DIR: demoDir, DEMO_DATA: 'true', LOG_LEVEL: 'silent', MEILI_BINARY: process.env.MEILI_BINARY }));
  reports.push(demo);

  let scale: SearchBenchReport | undefined;
  if (skipScale) {
    log(`\n== 3. Search on ${scaleOffers.toLocaleString('en-GB')} offers: skipped (${quick ? '--quick' : 'BENCH_SKIP_SCALE=1'})`);
  } else {
    log(`\n== 3. Search on ${scaleOffers.toLocaleString('en-GB')} offers [${elapsed()}]`);
    const given = process.env.BENCH_SCALE_DIR;
    const scaleDir = given ? path.resolve(given) : tempFolder('wegweiser-bench-scale-');
    guardMeiliOf(scaleDir);
    const existing = readScaleData(scaleDir);
    if (existing) {
      log(
        `reusing ${scaleDir}: ${existing.offers} offers, ${existing.documents} documents, generated ${existing.createdAt} ` +
          `(SQLite ${existing.seedSeconds.toFixed(0)} s, index ${existing.indexSeconds.toFixed(0)} s)`,
      );
    } else {
      const generated = await generateScaleData({ dataDir: scaleDir, offers: scaleOffers, log });
      log(`generated in ${(generated.generateSeconds + generated.seedSeconds + generated.indexSeconds).toFixed(0)} s [${elapsed()}]`);
    }
    scale = await runSearchBench('scale', scaleConfig(scaleDir));
    reports.push(scale);
  }
  log(`\n== 4. Import of a generated ${importRows.toLocaleString('en-GB')}-row CSV (preview, import, search catch-up, re-import) [${elapsed()}]`);
  const importDir = tempFolder('wegweiser-bench-import-');
  guardMeiliOf(importDir);
  const imported: ImportBenchReport = await benchImport({ dataDir: importDir, rows: importRows, log: (line) => log(`  ${line}`) });
  await cleanUp();

  log(`\n== Summary [${elapsed()} in all; load average at the end: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}]`);
  log('\nUnder load (autocannon in a child process, 127.0.0.1; latency per request):\n');
  for (const line of loadTable(reports)) log(line);
  log('\nApp time against the raw Meilisearch multi-search with the same queries:\n');
  for (const line of ratioTable(reports)) log(line);
  log('\nOne search at a time, in-process:\n');
  for (const line of inProcessTable(reports)) log(line);
  log('\nParameter mixes:');
  for (const report of reports) {
    log(
      `  ${report.label}: ${report.mixes} mixes (${report.mixSummary}); ${report.emptyMixes} find nothing, ` +
        `${report.twoRoundTrips} need a second round trip; ${report.queriesPerMix.toFixed(1)} Meilisearch queries per search`,
    );
  }
  log('\nUnique searches (each made once; 16 connections; CPU per search from the operating system):\n');
  for (const report of reports) {
    const row = (target: string) => report.unique.rows.find((entry) => entry.target === target)!;
    log(`  ${report.label}: ${report.unique.roundTripsPerSearch.toFixed(2)} round trips and ${report.unique.queriesPerSearch.toFixed(1)} queries per search`);
    for (const target of ['floor', 'page', 'api', 'raw']) {
      const entry = row(target);
      log(`    ${target.padEnd(5)} ${entry.rps.toFixed(0).padStart(5)} searches/s  p95 ${entry.p95.toFixed(1).padStart(6)} ms  app ${entry.appCpuMs.toFixed(2)} ms  Meilisearch ${entry.meiliCpuMs.toFixed(2)} ms per search`);
    }
    log(`    page/raw ${(row('page').rps / row('raw').rps).toFixed(2)}×, API/raw ${(row('api').rps / row('raw').rps).toFixed(2)}× the searches per second`);
    log(
      `    app CPU per search: page ${row('page').appCpuMs.toFixed(2)} ms (target 2), API ${row('api').appCpuMs.toFixed(2)} ms (target 1); ` +
        `the floor (a bare node:http forwarder of the same searches) ${row('floor').appCpuMs.toFixed(2)} ms: page ${(row('page').appCpuMs / row('floor').appCpuMs).toFixed(2)}×, API ${(row('api').appCpuMs / row('floor').appCpuMs).toFixed(2)}× the floor`,
    );
    log(`    of the page's own work, in process: view built in ${report.pageBuild.buildMs.toFixed(2)} ms, rendered in ${report.pageBuild.renderMs.toFixed(2)} ms (${report.pageBuild.kilobytes.toFixed(0)} KB)`);
  }
  log(
    `\nMultilingual fields: Meilisearch ${multilingual.withFields.toFixed(2)} ms CPU per search with them, ${multilingual.withoutFields.toFixed(2)} ms without ` +
      `(${multilingual.growth >= 0 ? '+' : ''}${(multilingual.growth * 100).toFixed(0)} %, target at most +20 %; ${multilingual.searches} unique searches)`,
  );
  log('\nImport (npm run bench:import runs it alone):\n');
  for (const line of importTable(imported)) log(line);
  log('\nTargets (reported, not asserted):');
  for (const verdict of verdicts(demo, scale)) log(`  ${verdict.met === undefined ? '–' : verdict.met ? 'met    ' : 'NOT met'}  ${verdict.text}`);
  if (suppressedWarnings() > 0) log(`\n(${suppressedWarnings()} MaxListenersExceededWarning about AbortSignal from meilisearch-js task polling not printed; see bench-support.ts)`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
