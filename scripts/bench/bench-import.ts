import { startServices, stopServices } from '../../server/bootstrap.ts';
import { loadConfig } from '../../server/config/config.ts';
import { writeCsv } from '../../server/export/export-writer.ts';
import { IMPORT_COLUMNS, type SheetRow } from '../../server/import/import-columns.ts';
import { previewImport, runImport, type ImportDeps } from '../../server/import/import-service.ts';
import { vocabularySource } from '../../server/import/import-vocabulary.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import type { Region } from '../../server/region/region-config.ts';
import type { Taxonomy } from '../../server/taxonomy/taxonomy.ts';

export interface ImportBenchReport {
  rows: number;
  fileKb: number;
  previewSeconds: number;
  importSeconds: number;
  /** CPU seconds of the whole process (SQLite's threads included) for the import: less dependent on a busy machine than wall time. */
  importCpuSeconds: number;
  searchableSeconds: number;
  reimportSeconds: number;
  previewCpuSeconds: number;
  reimportCpuSeconds: number;
  peakRssMb: number;
  peakHeapMb: number;
}

const SCHEDULES = ['Di 14-16 Uhr', 'dienstags 14:00–16:00', 'Mo, Mi 9-12', 'Mo-Fr 8.30 bis 12 Uhr', 'Do 15-17 Uhr, Sa 10-12', 'nach Vereinbarung', ''];
const COSTS = ['kostenlos', 'ermäßigt', 'kostenpflichtig', 'bitte erfragen', ''];
const GROUPS = ['Erwachsene', 'Geflüchtete', 'Frauen', 'Kinder, Jugendliche', 'Eltern', 'Senioren', 'Alle'];

/** A deterministic list like a KI's: ids on most rows, some without coordinates or street, several rows per provider. */
export function generateImportCsv(rows: number, region: Region, taxonomy: Taxonomy): Buffer {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const topics = taxonomy.terms('category').filter((term) => term.parent !== null).map((term) => term.labels.de ?? term.slug);
  const languages = taxonomy.terms('language').map((term) => term.labels.de ?? term.slug);
  const empty = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column.key, ''])) as SheetRow;
  const sheet: SheetRow[] = [];
  for (let i = 1; i <= rows; i += 1) {
    const town = pick(region.districts);
    const postcode = pick(town.postcodes);
    const provider = `Träger ${(i % 400) + 1} ${town.name} e.V.`;
    const exact = random() < 0.5;
    sheet.push({
      ...empty,
      externalId: random() < 0.8 ? `G-${i}` : '',
      title: `${pick(topics)} ${i}`,
      summary: 'Ein Angebot aus der Liste des Kommunalen Integrationszentrums.',
      description: `Beschreibung zu Angebot ${i}.\nMit einer zweiten Zeile.`,
      provider,
      source: 'Benchmark-Liste',
      categories: [pick(topics), pick(topics)].join(', '),
      targetGroups: pick(GROUPS),
      languages: ['Deutsch', pick(languages), pick(languages)].join(', '),
      cost: pick(COSTS),
      schedule: pick(SCHEDULES),
      placeName: `Treffpunkt ${i % 97}`,
      street: random() < 0.85 ? `Musterstraße ${i % 150}` : '',
      postcode: postcode.code,
      town: town.name,
      latitude: exact ? String(postcode.lat + (random() - 0.5) / 200) : '',
      longitude: exact ? String(postcode.lng + (random() - 0.5) / 200) : '',
      email: `kontakt${i}@beispiel.example`,
      lastVerified: random() < 0.5 ? '01.10.2026' : '',
    });
  }
  return writeCsv(sheet);
}

/** Samples the process's memory while `work` runs. */
async function withPeakMemory<T>(work: () => Promise<T>, peak: { rss: number; heap: number }): Promise<T> {
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heap = Math.max(peak.heap, usage.heapUsed);
  };
  const timer = setInterval(sample, 25);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    sample();
  }
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/**
 * Imports a generated file into an empty directory (real SQLite, real
 * Meilisearch), waits until search has every published offer, then imports
 * the same file again (nothing changes).
 */
export async function benchImport(options: { dataDir: string; rows: number; log: (line: string) => void }): Promise<ImportBenchReport> {
  const config = loadConfig({ DATA_DIR: options.dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', MEILI_BINARY: process.env.MEILI_BINARY });
  const services = await startServices(config, createSilentLogger(), { PATH: process.env.PATH });
  const peak = { rss: 0, heap: 0 };
  try {
    const deps: ImportDeps = { ...services, vocabulary: vocabularySource(services.taxonomy, config.projectRoot)(), freshnessMonths: config.freshness.months };
    const upload = { fileName: 'benchmark.csv', buffer: generateImportCsv(options.rows, services.region, services.taxonomy) };
    const run = () => runImport(deps, upload, { decisions: {}, publish: true }, { userId: null, label: 'bench' }, () => undefined);
    let started = performance.now();
    let cpu = process.cpuUsage();
    const preview = await withPeakMemory(() => previewImport(deps, upload, { decisions: {}, publish: true }), peak);
    const previewSeconds = seconds(started);
    const previewCpuSeconds = cpuSeconds(cpu);
    options.log(`preview of ${options.rows} rows: ${preview.plan.offers.length} offers, ${preview.plan.providers.length} providers, ${preview.plan.places.length} places, ${preview.problems.length} notes, ${previewSeconds.toFixed(2)} s`);
    started = performance.now();
    cpu = process.cpuUsage();
    const first = await withPeakMemory(run, peak);
    const importSeconds = seconds(started);
    const importCpuSeconds = cpuSeconds(cpu);
    await services.worker.drain(300_000);
    const searchableSeconds = seconds(started);
    options.log(`import: ${first.counts.offers.created} offers created in ${importSeconds.toFixed(2)} s; all searchable after ${searchableSeconds.toFixed(2)} s`);
    started = performance.now();
    cpu = process.cpuUsage();
    const again = await withPeakMemory(run, peak);
    const reimportSeconds = seconds(started);
    const reimportCpuSeconds = cpuSeconds(cpu);
    options.log(`re-import of the same file: ${again.counts.offers.unchanged} unchanged, ${again.counts.offers.updated} updated, ${again.counts.offers.created} created in ${reimportSeconds.toFixed(2)} s`);
    return { rows: options.rows, fileKb: upload.buffer.length / 1024, previewSeconds, importSeconds, importCpuSeconds, searchableSeconds, reimportSeconds, previewCpuSeconds, reimportCpuSeconds, peakRssMb: peak.rss / 2 ** 20, peakHeapMb: peak.heap / 2 ** 20 };
  } finally {
    await stopServices(services);
  }
}

/** The figures as lines for the bench summary. */
export function importTable(report: ImportBenchReport): string[] {
  return [
    `  file                  ${report.rows} rows, ${report.fileKb.toFixed(0)} KB CSV`,
    `  preview (dry run)     ${report.previewSeconds.toFixed(2)} s  (${(report.rows / report.previewSeconds).toFixed(0)} rows/s; ${report.previewCpuSeconds.toFixed(2)} s CPU)`,
    `  import (one commit)   ${report.importSeconds.toFixed(2)} s  (${(report.rows / report.importSeconds).toFixed(0)} rows/s; ${report.importCpuSeconds.toFixed(2)} s CPU, ${(report.rows / report.importCpuSeconds).toFixed(0)} rows per CPU second)`,
    `  searchable after      ${report.searchableSeconds.toFixed(2)} s`,
    `  re-import, no change  ${report.reimportSeconds.toFixed(2)} s  (${(report.rows / report.reimportSeconds).toFixed(0)} rows/s; ${report.reimportCpuSeconds.toFixed(2)} s CPU)`,
    `  (CPU = user + system time of the whole process, SQLite's threads included: wall time on a busy machine mostly measures waiting for a core)`,
    `  peak memory           ${report.peakRssMb.toFixed(0)} MB RSS, ${report.peakHeapMb.toFixed(0)} MB JS heap (whole process, sampled every 25 ms)`,
  ];
}
