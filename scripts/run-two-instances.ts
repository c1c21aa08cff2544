/**
 * Two app instances on PostgreSQL with one Meilisearch behind a round-robin
 * proxy, for trying the scaled set-up by hand:
 *
 *   npm run two-instances                  # proxy on http://127.0.0.1:3000
 *   npm run two-instances -- --port 8080
 *
 * DATABASE_URL (else a fresh database on the local PostgreSQL, dropped at the
 * end), MEILI_URL/MEILI_MASTER_KEY (else one Meilisearch started here) and
 * DEMO_DATA are read from the environment. Kill one instance (its pid is
 * printed) and keep using the proxy; Ctrl-C stops everything.
 */
import { parseArgs } from 'node:util';
import { startCluster } from './cluster/cluster.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' } } });
const log = (line: string) => process.stdout.write(`${line}\n`);
const cluster = await startCluster({
  instances: 2,
  proxyPort: Number(values.port),
  env: { DEMO_DATA: process.env.DEMO_DATA ?? 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  log,
});
log(`ready: open ${cluster.proxy.url} (each request goes to the next instance); Ctrl-C stops all`);
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  log('stopping the instances, Meilisearch and the proxy');
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
