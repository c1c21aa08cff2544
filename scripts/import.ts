/**
 * npm run import -- <file> [--dry-run] [--region <slug>] [--publish|--moderate]
 * npm run import -- --hsds <folder> [--dry-run] [--moderate]   (HSDS 3.0 datapackage, docs/HSDS.md)
 *
 * Imports a CSV or XLSX list of offers (the template of /admin/import). Without
 * --dry-run it writes everything in one transaction and waits until the search
 * index has the published offers. Each kind of source is one function in
 * `importers`, so another source (an HSDS folder) is one more branch.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStorage, startServices, stopServices } from '../server/bootstrap.ts';
import { loadConfig, StartupError, type AppConfig } from '../server/config/config.ts';
import { createI18n } from '../server/i18n/i18n.ts';
import { readSheet, UnreadableFileError } from '../server/import/import-file-reader.ts';
import { previewReport, resultReport } from '../server/import/import-report.ts';
import { previewImport, runImport, type ImportDeps } from '../server/import/import-service.ts';
import { vocabularySource } from '../server/import/import-vocabulary.ts';
import { runHsdsImport } from '../server/hsds/hsds-cli.ts';
import { createLogger } from '../server/logging/logger.ts';
import { findRunningEmbeddedMeili } from '../server/search-engine/meili-process.ts';

interface ImportArgs {
  source: string;
  dryRun: boolean;
  publish: boolean;
}

type Importer = (config: AppConfig, args: ImportArgs) => Promise<void>;

const CLI_ACTOR = { userId: null, label: 'npm run import' };

/** Draws a progress bar on stderr, so stdout stays a clean report. */
function terminalProgress(): (update: { phase?: string; done?: number; total?: number }) => void {
  let total = 0;
  let phase = '';
  return (update) => {
    total = update.total ?? total;
    phase = update.phase ?? phase;
    if (!process.stderr.isTTY || update.done === undefined || total === 0) return;
    const width = 30;
    const filled = Math.round((width * update.done) / total);
    process.stderr.write(`\r${phase.padEnd(8)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${update.done}/${total} `);
    if (update.done >= total) process.stderr.write('\n');
  };
}

async function withAppConfig(config: AppConfig): Promise<AppConfig> {
  if (config.meili.url) return config;
  const running = await findRunningEmbeddedMeili(config.meili.dataDir);
  return running ? { ...config, meili: { ...config.meili, url: running.url, masterKey: running.masterKey } } : config;
}

/** A spreadsheet (CSV or XLSX): a dry run prints the preview; otherwise it imports and prints the summary table. */
const importSheet: Importer = async (config, args) => {
  const t = (await createI18n()).getFixedT('de');
  const logger = createLogger({ level: 'warn', pretty: Boolean(process.stdout.isTTY) });
  const upload = { fileName: path.basename(args.source), buffer: await readFile(args.source) };
  await readSheet(upload.buffer, upload.fileName).catch((error: unknown) => {
    throw error instanceof UnreadableFileError ? new StartupError(t(`import.unreadable.${error.reason}`)) : error;
  });
  const options = { decisions: {}, publish: args.publish };
  if (args.dryRun) {
    const storage = await openStorage(config, logger, () => new Date());
    try {
      const deps: ImportDeps = { ...storage, vocabulary: vocabularySource(storage.taxonomy, config.projectRoot)(), clock: () => new Date(), notifySearch: () => undefined, freshnessMonths: config.freshness.months };
      console.log(previewReport(await previewImport(deps, upload, options), t, config.freshness.months));
    } finally {
      await storage.db.destroy();
    }
    return;
  }
  const services = await startServices(await withAppConfig(config), logger, { PATH: process.env.PATH });
  try {
    const deps: ImportDeps = { ...services, vocabulary: vocabularySource(services.taxonomy, config.projectRoot)(), freshnessMonths: config.freshness.months };
    const started = Date.now();
    const result = await runImport(deps, upload, options, CLI_ACTOR, terminalProgress());
    await services.worker.drain();
    console.log(resultReport(result, t, config.freshness.months));
    console.log(`\n${result.counts.offers.created + result.counts.offers.updated + result.counts.offers.unchanged} offers in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await stopServices(services);
  }
};

/** An HSDS 3.0 datapackage folder (docs/HSDS.md): one transaction; the app's search worker or its next start indexes the changes. */
const importHsds: Importer = async (config, args) => {
  const lines = await runHsdsImport(config, createLogger({ level: 'warn', pretty: false }), args.source, { publish: args.publish, dryRun: args.dryRun });
  for (const line of lines) console.log(line);
};

const importers: Record<string, Importer> = { sheet: importSheet, hsds: importHsds };

function readArgs(argv: string[]): { kind: keyof typeof importers; region: string | undefined; args: ImportArgs } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { hsds: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, region: { type: 'string' }, publish: { type: 'boolean', default: false }, moderate: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new StartupError('Usage: npm run import -- <file.csv|file.xlsx> | --hsds <folder> [--dry-run] [--region <slug>] [--publish|--moderate]');
  if (values.publish && values.moderate) throw new StartupError('Choose --publish or --moderate, not both.');
  return { kind: values.hsds ? 'hsds' : 'sheet', region: values.region, args: { source: positionals[0]!, dryRun: values['dry-run'], publish: !values.moderate } };
}

async function main(): Promise<void> {
  const { kind, region, args } = readArgs(process.argv.slice(2));
  const config = loadConfig({ ...process.env, ...(region ? { REGION: region } : {}) });
  await importers[kind]!(config, args);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
