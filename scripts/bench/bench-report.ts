/** The closing tables of npm run bench, as Markdown so they can go into the README as they are. */
import { TARGET_LABELS, TARGET_NAMES, type LoadRow, type SearchBenchReport, type TargetName } from './bench-search.ts';

const n = (value: number, digits = 1) => value.toFixed(digits);
const count = (value: number) => value.toLocaleString('en-GB');

function row(report: SearchBenchReport, target: TargetName, connections: number): LoadRow | undefined {
  return report.rows.find((entry) => entry.target === target && entry.connections === connections);
}

export function dataSetName(report: SearchBenchReport): string {
  return `${count(report.offers)} offers`;
}

export function loadTable(reports: SearchBenchReport[]): string[] {
  const lines = [
    '| data set | what | connections | p50 ms | p95 ms | p99 ms | req/s | cache hits | CPU: app / Meilisearch / autocannon / other |',
    '|---|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const report of reports) {
    for (const target of TARGET_NAMES) {
      for (const entry of report.rows.filter((candidate) => candidate.target === target)) {
        const { result } = entry;
        if (result.responses === 0) {
          lines.push(`| ${dataSetName(report)} | ${TARGET_LABELS[target]} | ${entry.connections} | – | – | – | 0 (no response within the run) | | |`);
          continue;
        }
        const failures = result.non2xx + result.errors + result.timeouts;
        lines.push(
          `| ${dataSetName(report)} | ${TARGET_LABELS[target]} | ${entry.connections} | ${n(result.p50)} | ${n(result.p95)} | ${n(result.p99)} | ` +
            `${n(result.rps, 0)}${failures > 0 ? ` (${failures} failed)` : ''} | ${entry.cacheHitRate === undefined ? '–' : `${n(100 * entry.cacheHitRate, 0)}%`} | ${n(entry.appCpu, 0)}% / ${n(entry.meiliCpu, 0)}% / ${n(entry.loadCpu, 0)}% / ${n(entry.otherCpu, 0)}% |`,
        );
      }
    }
  }
  return lines;
}

export function ratioTable(reports: SearchBenchReport[]): string[] {
  const lines = [
    '| data set | connections | page (cache off)/raw p50 | p95 | API (cache off)/raw p50 | p95 |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const report of reports) {
    const concurrencies = [...new Set(report.rows.map((entry) => entry.connections))];
    for (const connections of concurrencies) {
      const raw = row(report, 'raw', connections)?.result;
      const page = row(report, 'pageFresh', connections)?.result;
      const api = row(report, 'apiFresh', connections)?.result;
      if (!raw || !page || !api || raw.responses === 0 || page.responses === 0 || api.responses === 0) continue;
      lines.push(
        `| ${dataSetName(report)} | ${connections} | ${n(page.p50 / raw.p50, 2)}× | ${n(page.p95 / raw.p95, 2)}× | ${n(api.p50 / raw.p50, 2)}× | ${n(api.p95 / raw.p95, 2)}× |`,
      );
    }
  }
  return lines;
}

export function inProcessTable(reports: SearchBenchReport[]): string[] {
  const lines = [
    '| data set | searches | searchOffers() p50 / p95 ms | raw multi-search p50 / p95 ms | Meilisearch processingTimeMs p50 / p95 | service/raw p50 |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const report of reports) {
    const { service, raw, engine, samples } = report.inProcess;
    lines.push(
      `| ${dataSetName(report)} | ${samples} | ${n(service.p50, 2)} / ${n(service.p95, 2)} | ${n(raw.p50, 2)} / ${n(raw.p95, 2)} | ${engine.p50} / ${engine.p95} | ${n(service.p50 / raw.p50, 2)}× |`,
    );
  }
  return lines;
}

export interface Verdict {
  text: string;
  met: boolean | undefined;
}

/** The targets of the issue, checked against the figures (printed only; nothing fails). */
export function verdicts(demo: SearchBenchReport | undefined, scale: SearchBenchReport | undefined): Verdict[] {
  const result: Verdict[] = [];
  const pageTarget = (report: SearchBenchReport | undefined, limit: number, name: string) => {
    const cached = report && row(report, 'page', 16);
    const fresh = report && row(report, 'pageFresh', 16)?.result;
    if (!cached || !fresh) return result.push({ text: `search page p95 at 16 connections, ${name}: under ${limit} ms: not measured`, met: undefined });
    const hits = `${n(100 * (cached.cacheHitRate ?? 0), 0)}% of searches from the cache`;
    result.push({ text: `search page p95 at 16 connections, ${name}: ${n(cached.result.p95)} ms, ${hits} (target under ${limit} ms)`, met: cached.result.p95 < limit });
    return result.push({ text: `  the same with the cache off: ${n(fresh.p95)} ms`, met: fresh.p95 < limit });
  };
  pageTarget(demo, 25, 'demo data');
  pageTarget(scale, 60, '100,000 offers');
  for (const report of [demo, scale]) {
    if (!report) continue;
    const raw = row(report, 'raw', 1)?.result;
    const api = row(report, 'apiFresh', 1)?.result;
    if (!raw || !api) continue;
    const worst = Math.max(api.p50 / raw.p50, api.p95 / raw.p95);
    result.push({
      text: `API (cache off) at most twice raw Meilisearch, ${dataSetName(report)}, 1 connection: p50 ${n(api.p50 / raw.p50, 2)}×, p95 ${n(api.p95 / raw.p95, 2)}×`,
      met: worst <= 2,
    });
  }
  return result;
}
