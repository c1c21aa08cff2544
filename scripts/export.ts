/**
 * npm run export -- [--format xlsx|csv] [--out <file>]
 * npm run export -- --hsds <folder>   (HSDS 3.0 datapackage and JSON, docs/HSDS.md)
 *
 * Writes every published offer in the import template's columns (the same file
 * as /admin/export). Each kind of target is one function in `exporters`, so
 * another format (an HSDS folder) is one more branch.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openStorage } from '../server/bootstrap.ts';
import { loadConfig, StartupError, type AppConfig } from '../server/config/config.ts';
import { exportPublishedOffers } from '../server/export/export-service.ts';
import { runHsdsExport } from '../server/hsds/hsds-cli.ts';
import { vocabularySource } from '../server/import/import-vocabulary.ts';
import { createLogger } from '../server/logging/logger.ts';

interface ExportArgs {
  format: 'csv' | 'xlsx';
  out: string | undefined;
  /** The folder of an HSDS export. */
  hsds?: string;
}

type Exporter = (config: AppConfig, args: ExportArgs) => Promise<void>;

/** A spreadsheet of all published offers. */
const exportSheet: Exporter = async (config, args) => {
  const storage = await openStorage(config, createLogger({ level: 'warn', pretty: false }), () => new Date());
  try {
    const file = await exportPublishedOffers({ db: storage.db, vocabulary: vocabularySource(storage.taxonomy, config.projectRoot)() }, args.format, new Date().toISOString().slice(0, 10));
    const out = args.out ?? file.fileName;
    await writeFile(out, file.buffer);
    console.log(`Wrote ${out} (${(file.buffer.length / 1024).toFixed(0)} KB).`);
  } finally {
    await storage.db.destroy();
  }
};

/** The public directory as an HSDS 3.0 datapackage (CSV per table, datapackage.json) and JSON. */
const exportHsds: Exporter = async (config, args) => {
  for (const line of await runHsdsExport(config, createLogger({ level: 'warn', pretty: false }), args.hsds!)) console.log(line);
};

const exporters: Record<string, Exporter> = { sheet: exportSheet, hsds: exportHsds };

function readArgs(argv: string[]): { kind: keyof typeof exporters; args: ExportArgs } {
  const { values } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'xlsx' }, out: { type: 'string' }, hsds: { type: 'string' } } });
  if (values.hsds) return { kind: 'hsds', args: { format: 'csv', out: undefined, hsds: values.hsds } };
  if (values.format !== 'csv' && values.format !== 'xlsx') throw new StartupError('Usage: npm run export -- [--format xlsx|csv] [--out <file>] | --hsds <folder>');
  return { kind: 'sheet', args: { format: values.format, out: values.out } };
}

async function main(): Promise<void> {
  const { kind, args } = readArgs(process.argv.slice(2));
  await exporters[kind]!(loadConfig(process.env), args);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
