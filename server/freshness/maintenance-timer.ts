import { sendStaffDigestIfDue } from '../admin/staff-digest-service.ts';
import type { Logger } from '../logging/logger.ts';
import { runMaintenance, type FreshnessDeps } from './freshness-service.ts';

/**
 * The daily jobs: the freshness job and the staff digest (which sends at most
 * once a calendar day). They run a minute after start and then every six
 * hours; both are safe to run twice, so this and `npm run maintenance` may
 * overlap in time. One failing job does not keep the other from running.
 */
export function startMaintenanceTimer(deps: FreshnessDeps, logger: Logger, intervalMs = 6 * 60 * 60 * 1000): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
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
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 60_000);
  const every = setInterval(tick, intervalMs);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
