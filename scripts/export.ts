/**
 * npm run export -- --hsds <folder>
 *
 * Writes the public directory as an HSDS 3.0 datapackage (CSV per table,
 * datapackage.json, JSON). Each kind of target is one function in `exporters`.
 */
import { parseArgs } from 'node:util';
import { loadConfig, StartupError, type AppConfig } from '../server/config/config.ts';
import { runHsdsExport } from '../server/hsds/hsds-cli.ts';
import { createLogger } from '../server/logging/logger.ts';

type Exporter = (config: AppConfig, target: string) => Promise<void>;

const exportHsds: Exporter = async (config, folder) => {
  for (const line of await runHsdsExport(config, createLogger({ level: 'warn', pretty: false }), folder)) console.log(line);
};

const exporters: Record<string, Exporter> = { hsds: exportHsds };

function readArgs(argv: string[]): { kind: keyof typeof exporters; target: string } {
  const { values } = parseArgs({ args: argv, options: { hsds: { type: 'string' } } });
  if (!values.hsds) throw new StartupError('Usage: npm run export -- --hsds <folder>');
  return { kind: 'hsds', target: values.hsds };
}

async function main(): Promise<void> {
  const { kind, target } = readArgs(process.argv.slice(2));
  await exporters[kind]!(loadConfig(process.env), target);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
