import { sendStaffDigestIfDue } from '../admin/staff-digest-service.ts';
import { readMeta, writeMeta } from '../db/app-meta-repository.ts';
import type { WorkerLease } from '../cluster/worker-lease.ts';
import type { Logger } from '../logging/logger.ts';
import { runMaintenance, type FreshnessDeps } from './freshness-service.ts';

const LAST_RUN_KEY = 'maintenance.lastRunAt';
const DEFAULT_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface MaintenanceTimerOptions {
  /** How often the jobs run across all instances sharing the database. */
  intervalMs?: number;
  /** How soon after start, and then how often, an instance looks whether the jobs are due. */
  checkEveryMs?: number;
  /** Among several instances only the holder runs the jobs; without one this process assumes it is alone. */
  lease?: WorkerLease;
}

/** The freshness job, then the staff digest (at most once a calendar day); one failing does not keep the other from running. */
async function runDailyJobs(deps: FreshnessDeps, logger: Logger): Promise<void> {
  try {
    const report = await runMaintenance(deps);
    if (report.reminded + report.expired + report.ended > 0) logger.info(report, 'freshness job');
  } catch (error) {
    logger.error({ err: error }, 'freshness job failed; next try at the next interval');
  }
  try {
    const digest = await sendStaffDigestIfDue(deps);
    if (digest.sent) logger.info(digest, 'staff digest queued');
  } catch (error) {
    logger.error({ err: error }, 'staff digest failed; next try at the next interval');
  }
}

/**
 * The daily jobs run a minute after start and then every six hours. The time
 * of the last run is kept in the database and the run is guarded by a lease,
 * so several app instances run them once per interval between them, and a
 * restart does not run them again. Both are safe to run twice anyway, so
 * `npm run maintenance` may overlap with them.
 */
export function startMaintenanceTimer(deps: FreshnessDeps, logger: Logger, options: MaintenanceTimerOptions = {}): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let running: Promise<void> | undefined;
  const runIfDue = async () => {
    if (options.lease && !(await options.lease.acquire())) return;
    try {
      const lastRun = Number((await readMeta(deps.db, LAST_RUN_KEY)) ?? 0);
      if (Date.now() - lastRun < intervalMs) return;
      // Recorded before the run, so failing jobs are tried again at the next interval, not at every check.
      await writeMeta(deps.db, LAST_RUN_KEY, String(Date.now()));
      await runDailyJobs(deps, logger);
    } catch (error) {
      logger.error({ err: error }, 'daily jobs not started; next try at the next check');
    } finally {
      await options.lease?.release();
    }
  };
  const every = setInterval(() => {
    running ??= runIfDue().finally(() => (running = undefined));
  }, options.checkEveryMs ?? 60_000);
  every.unref();
  return {
    async stop() {
      clearInterval(every);
      await running;
    },
  };
}
