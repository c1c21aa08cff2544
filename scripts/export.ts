/**
 * npm run export -- [--format xlsx|csv] [--out <file>]
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
import { vocabularySource } from '../server/import/import-vocabulary.ts';
import { createLogger } from '../server/logging/logger.ts';

interface ExportArgs {
  format: 'csv' | 'xlsx';
  out: string | undefined;
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

const exporters: Record<string, Exporter> = { sheet: exportSheet };

function readArgs(argv: string[]): { kind: keyof typeof exporters; args: ExportArgs } {
  const { values } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'xlsx' }, out: { type: 'string' } } });
  if (values.format !== 'csv' && values.format !== 'xlsx') throw new StartupError('Usage: npm run export -- [--format xlsx|csv] [--out <file>]');
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
