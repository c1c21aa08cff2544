import { readMeta, writeMeta } from '../db/app-meta-repository.ts';
import type { WorkerLease } from '../cluster/worker-lease.ts';
import type { Logger } from '../logging/logger.ts';
import { runMaintenance, type FreshnessDeps } from './freshness-service.ts';

const LAST_RUN_KEY = 'maintenance.lastRunAt';
const DEFAULT_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface MaintenanceTimerOptions {
  /** How often the job runs across all instances sharing the database. */
  intervalMs?: number;
  /** How soon after start, and then how often, an instance looks whether the job is due. */
  checkEveryMs?: number;
  /** Among several instances only the holder runs the job; without one this process assumes it is alone. */
  lease?: WorkerLease;
}

/**
 * Runs the freshness job a minute after start and then every six hours. The
 * time of the last run is kept in the database and the run is guarded by a
 * lease, so several app instances run it once per interval between them, and
 * a restart does not run it again. The job is safe to run twice anyway, so
 * `npm run maintenance` may overlap with it.
 */
export function startMaintenanceTimer(deps: FreshnessDeps, logger: Logger, options: MaintenanceTimerOptions = {}): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const checkEveryMs = options.checkEveryMs ?? 60_000;
  let running: Promise<void> | undefined;
  const runIfDue = async () => {
    const lastRun = Number((await readMeta(deps.db, LAST_RUN_KEY)) ?? 0);
    if (Date.now() - lastRun < intervalMs) return;
    // Recorded before the run, so a failing job is tried again at the next interval, not every check.
    await writeMeta(deps.db, LAST_RUN_KEY, String(Date.now()));
    const report = await runMaintenance(deps);
    if (report.reminded + report.expired + report.ended > 0) logger.info(report, 'freshness job');
  };
  const tick = async () => {
    if (running) return;
    const work = async () => {
      if (options.lease && !(await options.lease.acquire())) return;
      try {
        await runIfDue();
      } catch (error) {
        logger.error({ err: error }, 'freshness job failed; next try at the next interval');
      } finally {
        await options.lease?.release();
      }
    };
    running = work().finally(() => (running = undefined));
  };
  const every = setInterval(() => void tick(), checkEveryMs);
  every.unref();
  return {
    async stop() {
      clearInterval(every);
      await running;
    },
  };
}
