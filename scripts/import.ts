/**
 * npm run import -- --hsds <folder> [--dry-run] [--region <slug>] [--publish|--moderate]
 *
 * Imports an HSDS 3.0 datapackage in one transaction. Each kind of source is
 * one function in `importers`.
 */
import { parseArgs } from 'node:util';
import { loadConfig, StartupError, type AppConfig } from '../server/config/config.ts';
import { runHsdsImport } from '../server/hsds/hsds-cli.ts';
import { createLogger } from '../server/logging/logger.ts';

interface ImportArgs {
  source: string;
  dryRun: boolean;
  publish: boolean;
}

type Importer = (config: AppConfig, args: ImportArgs) => Promise<void>;

const importHsds: Importer = async (config, args) => {
  const lines = await runHsdsImport(config, createLogger({ level: 'warn', pretty: false }), args.source, { publish: args.publish, dryRun: args.dryRun });
  for (const line of lines) console.log(line);
};

const importers: Record<string, Importer> = { hsds: importHsds };

function readArgs(argv: string[]): { kind: keyof typeof importers; region: string | undefined; args: ImportArgs } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { hsds: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, region: { type: 'string' }, publish: { type: 'boolean', default: false }, moderate: { type: 'boolean', default: false } },
  });
  if (!values.hsds || positionals.length !== 1) throw new StartupError('Usage: npm run import -- --hsds <folder> [--dry-run] [--region <slug>] [--publish|--moderate]');
  if (values.publish && values.moderate) throw new StartupError('Choose --publish or --moderate, not both.');
  return { kind: 'hsds', region: values.region, args: { source: positionals[0]!, dryRun: values['dry-run'], publish: !values.moderate } };
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
