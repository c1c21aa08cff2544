import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { startServices, stopServices, type Services } from './bootstrap.ts';
import { createLease } from './cluster/cluster-startup.ts';
import { loadConfig, StartupError } from './config/config.ts';
import { startMaintenanceTimer } from './freshness/maintenance-timer.ts';
import { createI18n } from './i18n/i18n.ts';
import { createLogger } from './logging/logger.ts';

/** The entry point: the only place that reads the environment, listens, and handles signals. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, pretty: Boolean(process.stdout.isTTY) });
  const started = Date.now();
  // A promise nobody awaited failed (a library's background write, say): log it and keep serving;
  // the request that caused it has had its answer. A thrown exception still ends the process.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection; the app keeps serving'));
  const services: Services = await startServices(config, logger, { PATH: process.env.PATH });
  const i18n = await createI18n();
  const app = createApp({ ...services, i18n });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, startedInMs: Date.now() - started }, `Wegweiser is running at ${url}`);
  const maintenance = startMaintenanceTimer(
    { ...services, translate: (locale, key, values) => i18n.getFixedT(locale)(key, values), freshness: config.freshness },
    logger,
    { lease: createLease(services.db, config, services.instanceId, 'maintenance', logger) },
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 20_000);
    forced.unref();
    await maintenance.stop();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopServices(services);
    logger.info('stopped');
    logger.flush();
    process.exitCode = 0;
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    process.stderr.write(`Wegweiser cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`Wegweiser failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
