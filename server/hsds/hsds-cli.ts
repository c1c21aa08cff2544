import path from 'node:path';
import { openStorage } from '../bootstrap.ts';
import type { AppConfig } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import { createHsdsContext } from './hsds-context.ts';
import { readHsdsDatapackage } from './hsds-datapackage-reader.ts';
import { writeHsdsDatapackage } from './hsds-datapackage-writer.ts';
import { importHsdsDataset, planHsdsImport } from './hsds-import.ts';

/** `npm run export -- --hsds <folder>`: the public directory as an HSDS datapackage and JSON. Answers the lines to print. */
export async function runHsdsExport(config: AppConfig, logger: Logger, folder: string): Promise<string[]> {
  const { db, region, taxonomy } = await openStorage(config, logger, () => new Date());
  try {
    const ctx = createHsdsContext({ region, taxonomy, baseUrl: config.publicUrl ?? `http://${config.host}:${config.port}` });
    const started = Date.now();
    const counts = await writeHsdsDatapackage(db, ctx, path.resolve(folder), new Date());
    return [
      `HSDS 3.0 datapackage written to ${path.resolve(folder)} in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
      ...Object.entries(counts).filter(([, n]) => n > 0).map(([table, n]) => `  ${table}: ${n}`),
      '  JSON: json/services.json, json/organizations.json, json/taxonomies.json, json/taxonomy_terms.json',
    ];
  } finally {
    await db.destroy();
  }
}

/**
 * `npm run import -- --hsds <folder> [--moderate] [--dry-run]`: an HSDS
 * datapackage into the directory, in one transaction (new offers wait for
 * moderation with `--moderate`). The running app's search worker, or the next
 * start, picks the changes up from the outbox. A dry run only reports.
 */
export async function runHsdsImport(config: AppConfig, logger: Logger, folder: string, options: { publish: boolean; dryRun?: boolean }): Promise<string[]> {
  const { db, region, taxonomy } = await openStorage(config, logger, () => new Date());
  try {
    const dataset = await readHsdsDatapackage(path.resolve(folder));
    if (options.dryRun) {
      const plan = planHsdsImport(dataset, taxonomy, region, `hsds:${dataset.name}`);
      return [
        `Dry run of ${path.resolve(folder)}: ${plan.providers.length} providers, ${plan.places.length} places, ${plan.offers.length} offers would be written.`,
        ...plan.problems.map((problem) => `  ${problem.level} ${problem.file} line ${problem.line}, ${problem.field}: ${problem.message}`),
      ];
    }
    const result = await importHsdsDataset({ db, region, taxonomy, clock: () => new Date(), notifySearch: () => undefined }, dataset, { status: options.publish ? 'published' : 'pending' });
    return [
      `Imported ${path.resolve(folder)} as source "${result.source}":`,
      `  created: ${result.created.providers} providers, ${result.created.places} places, ${result.created.offers} offers`,
      `  updated: ${result.updated.providers} providers, ${result.updated.places} places, ${result.updated.offers} offers`,
      ...result.warnings.map((warning) => `  note ${warning.file} line ${warning.line}, ${warning.field}: ${warning.message}`),
    ];
  } finally {
    await db.destroy();
  }
}
