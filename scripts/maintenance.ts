/**
 * npm run maintenance: the freshness job once (reminders, hiding unconfirmed offers, ending past
 * end dates), deleting offers sent without an account whose link expired unused, and the staff
 * digest (at most once a day). Safe to run twice.
 */
import { startServices, stopServices } from '../server/bootstrap.ts';
import { loadConfig, StartupError } from '../server/config/config.ts';
import { sendStaffDigestIfDue } from '../server/admin/staff-digest-service.ts';
import { runMaintenance } from '../server/freshness/freshness-service.ts';
import { createI18n } from '../server/i18n/i18n.ts';
import { createLogger } from '../server/logging/logger.ts';
import { findRunningEmbeddedMeili } from '../server/search-engine/meili-process.ts';

async function main(): Promise<void> {
  let config = loadConfig(process.env);
  if (!config.meili.url) {
    const running = await findRunningEmbeddedMeili(config.meili.dataDir);
    if (running) config = { ...config, meili: { ...config.meili, url: running.url, masterKey: running.masterKey } };
  }
  const logger = createLogger({ level: 'warn', pretty: Boolean(process.stdout.isTTY) });
  const services = await startServices(config, logger, { PATH: process.env.PATH });
  try {
    const i18n = await createI18n();
    const deps = {
      db: services.db,
      taxonomy: services.taxonomy,
      clock: services.clock,
      notifySearch: services.notifySearch,
      translate: (locale: string, key: string, values?: Record<string, unknown>) => i18n.getFixedT(locale)(key, values),
      links: services.links,
      freshness: config.freshness,
    };
    const report = await runMaintenance(deps);
    const digest = await sendStaffDigestIfDue(deps);
    await services.worker.drain();
    // Reminders are queued in the mail outbox; send what can be sent before stopping (the app sends the rest).
    await services.mailWorker.drain().catch((error: unknown) => console.warn(`Some mails wait in the outbox: ${String(error)}`));
    console.log(
      `Reminded ${report.reminded}, hid ${report.expired} unconfirmed, ended ${report.ended} past their end date, ` +
        `deleted ${report.purgedSubmissions} unconfirmed submissions whose link expired. ` +
        (digest.sent ? `Staff digest to ${digest.recipients} (${digest.signups} sign-ups, ${digest.offers} offers, ${digest.revisions} changes).` : 'No staff digest (sent today already, or nothing new).'),
    );
  } finally {
    await stopServices(services);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? `Maintenance cannot start: ${error.message}` : error);
  process.exit(1);
});
