import type { AppConfig } from '../config/config.ts';
import { migrateToLatest, type Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import { WorkerLease } from './worker-lease.ts';

/** How long an instance waits at start while another one migrates, seeds or rebuilds the index. */
export const STARTUP_WAIT_MS = 30 * 60 * 1000;

/** A lease of this instance on the shared database. */
export function createLease(db: Database, config: AppConfig, instanceId: string, name: string, logger?: Logger): WorkerLease {
  return new WorkerLease({ db, name, holder: instanceId, ttlMs: config.leaseMs, logger });
}

/**
 * Migrates, waiting while another instance starting at the same moment holds
 * Knex's migration lock (or created the migration tables a moment earlier).
 */
export async function migrateWhenFree(db: Database): Promise<void> {
  const deadline = Date.now() + STARTUP_WAIT_MS;
  for (;;) {
    try {
      await migrateToLatest(db);
      return;
    } catch (error) {
      const raced = error instanceof Error && /already locked|already exists/i.test(error.message);
      if (!raced || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
