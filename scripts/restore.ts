/**
 * npm run restore -- <backup folder> [--overwrite]: puts a backup's database and
 * keys into DATA_DIR. Stop the app first; it rebuilds the search index from the
 * restored database when it starts.
 */
import path from 'node:path';
import { restoreBackup } from '../server/backup/backup-service.ts';
import { loadConfig } from '../server/config/config.ts';

function main(): void {
  const folder = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
  if (!folder) throw new Error('Usage: npm run restore -- <backup folder> [--overwrite]');
  const config = loadConfig(process.env);
  const { keys } = restoreBackup(path.resolve(folder), config, { overwrite: process.argv.includes('--overwrite') });
  console.log(`Restored the database${keys.length > 0 ? ` and ${keys.join(', ')}` : ''} into ${config.dataDir}. Start the app to rebuild the search index.`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
