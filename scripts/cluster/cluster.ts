/**
 * A scaled set-up on one machine, for trying and for the chaos benchmark:
 * PostgreSQL (a fresh database, or DATABASE_URL), one Meilisearch (MEILI_URL,
 * or one started and supervised here), several app instances with their own
 * data folders and ports, and a round-robin proxy in front.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { resolveMeiliBinary } from '../../server/search-engine/meili-binary.ts';
import { findFreePort, startEmbeddedMeili, type EmbeddedMeili } from '../../server/search-engine/meili-process.ts';
import { startAppInstance, type AppInstance } from './app-instance.ts';
import { createPostgresDatabase, DEFAULT_ADMIN_URL } from './postgres-database.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.ts';

export interface Cluster {
  folder: string;
  databaseUrl: string;
  meiliUrl: string;
  meiliKey: string;
  indexPrefix: string;
  /** Present when this script started Meilisearch (and restarts it when it dies). */
  meili: EmbeddedMeili | undefined;
  instances: AppInstance[];
  proxy: RoundRobinProxy;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  instances: number;
  proxyPort: number;
  /** Extra settings for every instance (DEMO_DATA, LOG_LEVEL …). */
  env?: Record<string, string>;
  log: (line: string) => void;
}

async function startMeili(folder: string): Promise<EmbeddedMeili> {
  const dataDir = path.join(folder, 'meilisearch');
  const binary = resolveMeiliBinary({ configured: process.env.MEILI_BINARY, fallbackDir: path.join(dataDir, 'bin'), searchPath: process.env.PATH });
  return startEmbeddedMeili({ binary, dataDir, maxIndexingMemory: '512MiB', startupTimeoutMs: 60_000, logger: createSilentLogger() });
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-cluster-'));
  const created = process.env.DATABASE_URL ? undefined : await createPostgresDatabase(process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL, 'wegweiser_cluster');
  const databaseUrl = process.env.DATABASE_URL ?? created!.url;
  const meili = process.env.MEILI_URL ? undefined : await startMeili(folder);
  const meiliUrl = process.env.MEILI_URL ?? meili!.url;
  const meiliKey = process.env.MEILI_URL ? (process.env.MEILI_MASTER_KEY ?? '') : meili!.masterKey;
  const indexPrefix = `cluster_${randomBytes(3).toString('hex')}_`;
  const instances: AppInstance[] = [];
  let proxy: RoundRobinProxy | undefined;
  const stop = async () => {
    await proxy?.close();
    await Promise.all(instances.map((instance) => instance.stop()));
    await meili?.stop();
    await created?.drop();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const proxyUrl = `http://127.0.0.1:${options.proxyPort}`;
    const env = {
      DATABASE_URL: databaseUrl,
      MEILI_URL: meiliUrl,
      MEILI_MASTER_KEY: meiliKey,
      MEILI_INDEX_PREFIX: indexPrefix,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      TRUST_PROXY: 'loopback',
      PUBLIC_URL: proxyUrl,
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    options.log(`database ${databaseUrl}${created ? ' (created for this run, dropped at the end)' : ''}; Meilisearch ${meiliUrl}`);
    // Started together on purpose: the start-up lease lets one migrate, seed and index while the others wait.
    const names = Array.from({ length: options.instances }, (_, index) => String.fromCharCode(97 + index));
    const started = await Promise.all(
      names.map(async (name) => {
        const dataDir = path.join(folder, name);
        mkdirSync(dataDir);
        return startAppInstance({ name, port: await findFreePort(), env: { ...env, DATA_DIR: dataDir }, logFile: path.join(folder, `${name}.log`), startupTimeoutMs: 600_000 });
      }),
    );
    instances.push(...started);
    for (const instance of instances) options.log(`instance ${instance.name}: ${instance.url} (pid ${instance.child.pid}, log ${path.join(folder, `${instance.name}.log`)})`);
    proxy = await startRoundRobinProxy(instances.map((instance) => instance.url), options.proxyPort);
    options.log(`round-robin proxy: ${proxy.url}`);
    return { folder, databaseUrl, meiliUrl, meiliKey, indexPrefix, meili, instances, proxy, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
