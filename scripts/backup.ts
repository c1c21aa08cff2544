/**
 * npm run backup -- [target folder]: a consistent copy of the database (SQLite
 * VACUUM INTO, or pg_dump when DATABASE_URL is set; both safe while the app
 * runs) and the data folder's keys, into a new dated folder under the target
 * (default: DATA_DIR/backups).
 */
import path from 'node:path';
import { createBackup } from '../server/backup/backup-service.ts';
import { loadConfig, StartupError } from '../server/config/config.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const target = path.resolve(process.argv[2] ?? path.join(config.dataDir, 'backups'));
  const folder = await createBackup(config, target, new Date());
  console.log(`Backup written to ${folder}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
