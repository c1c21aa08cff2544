/**
 * npm run bench:import [-- --rows 5000]: the import benchmark alone (also part of npm run bench).
 * Prints rows per second and peak memory; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchImport, importTable } from './bench/bench-import.ts';
import { stopEmbeddedMeiliOf } from './bench/bench-support.ts';

const { values } = parseArgs({ args: process.argv.slice(2), options: { rows: { type: 'string', default: '5000' } } });
const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-bench-import-'));
try {
  console.log(`Import benchmark: ${values.rows} generated rows, Node ${process.version}, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  const report = await benchImport({ dataDir: folder, rows: Number(values.rows), log: (line) => console.log(`  ${line}`) });
  console.log('');
  for (const line of importTable(report)) console.log(line);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopEmbeddedMeiliOf(folder);
  rmSync(folder, { recursive: true, force: true });
}
