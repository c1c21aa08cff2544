/**
 * npm run restore -- <backup folder> [--overwrite]: puts a backup's database and
 * keys into DATA_DIR (a pg_dump backup into the database at DATABASE_URL, with pg_restore). Stop the app first; it rebuilds the search index from the
 * restored database when it starts.
 */
import path from 'node:path';
import { restoreBackup } from '../server/backup/backup-service.ts';
import { loadConfig } from '../server/config/config.ts';

async function main(): Promise<void> {
  const folder = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
  if (!folder) throw new Error('Usage: npm run restore -- <backup folder> [--overwrite]');
  const config = loadConfig(process.env);
  const { keys } = await restoreBackup(path.resolve(folder), config, { overwrite: process.argv.includes('--overwrite') });
  const where = config.database.client === 'pg' ? `the database at DATABASE_URL${keys.length > 0 ? ` and ${keys.join(', ')} into ${config.dataDir}` : ''}` : `the database${keys.length > 0 ? ` and ${keys.join(', ')}` : ''} into ${config.dataDir}`;
  console.log(`Restored ${where}. Start the app to rebuild the search index.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
