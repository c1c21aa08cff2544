import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StartupError } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';

export interface EmbeddedMeiliOptions {
  binary: string;
  /** Folder for the database, master key, pid file and log. */
  dataDir: string;
  maxIndexingMemory: string;
  startupTimeoutMs: number;
  logger: Logger;
  /** A fixed port (to come back where clients expect it); a free one otherwise. */
  port?: number;
  /**
   * How a hung server (alive, not answering) is found: /health every
   * `intervalMs`, each given `timeoutMs`; after `misses` failures in a row it
   * is killed and restarted.
   */
  healthWatch?: { intervalMs: number; timeoutMs: number; misses: number };
}

const DEFAULT_HEALTH_WATCH = { intervalMs: 5_000, timeoutMs: 2_000, misses: 3 };

export interface EmbeddedMeili {
  readonly url: string;
  readonly masterKey: string;
  /** The current process id; changes after a restart. */
  pid(): number | undefined;
  /** How many times the server was restarted after dying. */
  restarts(): number;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readOrCreateMasterKey(file: string): string {
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 16) return key;
  }
  const key = randomBytes(24).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

function isMeiliProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('meilisearch');
  } catch {
    return false;
  }
}

/** A Meilisearch left running by a hard-killed app still holds the database; end it. */
async function endOrphan(pidFile: string, logger: Logger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isMeiliProcess(pid)) {
    logger.warn({ pid }, 'ending a Meilisearch left over from an earlier run');
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && isMeiliProcess(pid); i += 1) await sleep(100);
    if (isMeiliProcess(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

/**
 * The embedded Meilisearch a running app started on this data folder, if any,
 * so that a script can work with it instead of starting a second one.
 */
export async function findRunningEmbeddedMeili(dataDir: string): Promise<{ url: string; masterKey: string } | undefined> {
  const pidFile = path.join(dataDir, 'meilisearch.pid');
  const urlFile = path.join(dataDir, 'meilisearch.url');
  const keyFile = path.join(dataDir, 'master-key');
  if (!existsSync(pidFile) || !existsSync(urlFile) || !existsSync(keyFile)) return undefined;
  if (!isMeiliProcess(Number(readFileSync(pidFile, 'utf8').trim()))) return undefined;
  const url = readFileSync(urlFile, 'utf8').trim();
  return (await checkHealth(url)) ? { url, masterKey: readFileSync(keyFile, 'utf8').trim() } : undefined;
}

/** Resolves true once GET /health answers 200. */
export function checkHealth(url: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/health`, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function logTail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return lines.slice(-3).join(' | ').slice(0, 600);
  } catch {
    return '';
  }
}

/**
 * Starts Meilisearch on a free loopback port with a master key kept in the data
 * folder, bounded indexing memory and one indexing thread; waits for /health;
 * restarts it with backoff if it dies; stops it on `stop()`.
 */
export async function startEmbeddedMeili(options: EmbeddedMeiliOptions): Promise<EmbeddedMeili> {
  const { logger } = options;
  mkdirSync(options.dataDir, { recursive: true });
  const pidFile = path.join(options.dataDir, 'meilisearch.pid');
  const urlFile = path.join(options.dataDir, 'meilisearch.url');
  const logFile = path.join(options.dataDir, 'meilisearch.log');
  await endOrphan(pidFile, logger);
  const masterKey = readOrCreateMasterKey(path.join(options.dataDir, 'master-key'));
  const port = options.port ?? (await findFreePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    '--db-path', path.join(options.dataDir, 'data.ms'),
    '--dump-dir', path.join(options.dataDir, 'dumps'),
    '--http-addr', `127.0.0.1:${port}`,
    '--env', 'production',
    '--no-analytics',
    '--max-indexing-memory', options.maxIndexingMemory,
    '--max-indexing-threads', '1',
  ];

  let child: ChildProcess | undefined;
  let stopping = false;
  let relaunching = false;
  let restartCount = 0;

  const launch = (): ChildProcess => {
    const logFd = openSync(logFile, 'a');
    // Own process group: a Ctrl-C in the terminal reaches the app, which then stops Meilisearch in order.
    // The master key goes through the environment: a command line is readable by every user of the machine.
    // Only it: the app's own environment (MEILI_URL and friends) must not configure the embedded server.
    const spawned = spawn(options.binary, args, { stdio: ['ignore', logFd, logFd], detached: true, env: { MEILI_MASTER_KEY: masterKey } });
    closeSync(logFd);
    if (spawned.pid) writeFileSync(pidFile, String(spawned.pid));
    spawned.on('exit', (code, signal) => {
      if (stopping || child !== spawned) return;
      logger.warn({ code, signal }, 'Meilisearch stopped unexpectedly; restarting');
      void relaunchWithBackoff();
    });
    return spawned;
  };

  const waitUntilHealthy = async (process_: ChildProcess): Promise<void> => {
    const deadline = Date.now() + options.startupTimeoutMs;
    while (Date.now() < deadline) {
      if (process_.exitCode !== null || process_.signalCode !== null) {
        throw new StartupError(`Meilisearch exited during start-up (log ${logFile}: ${logTail(logFile)}).`);
      }
      if (await checkHealth(url)) return;
      await sleep(100);
    }
    process_.kill('SIGKILL');
    throw new StartupError(`Meilisearch did not become healthy within ${options.startupTimeoutMs} ms (log ${logFile}).`);
  };

  const relaunchWithBackoff = async (): Promise<void> => {
    relaunching = true;
    try {
      await relaunchLoop();
    } finally {
      relaunching = false;
    }
  };

  const relaunchLoop = async (): Promise<void> => {
    for (let attempt = 0; !stopping; attempt += 1) {
      await sleep(Math.min(250 * 2 ** attempt, 15_000));
      if (stopping) return;
      try {
        child = launch();
        await waitUntilHealthy(child);
        restartCount += 1;
        logger.info({ pid: child.pid, restarts: restartCount }, 'Meilisearch is back');
        return;
      } catch (error) {
        logger.error({ err: error }, 'restarting Meilisearch failed; trying again');
      }
    }
  };

  child = launch();
  await waitUntilHealthy(child);
  writeFileSync(urlFile, url);
  logger.info({ url, pid: child.pid }, 'embedded Meilisearch is up');
  const watch = watchHealth(url, options.healthWatch ?? DEFAULT_HEALTH_WATCH, {
    busy: () => stopping || relaunching,
    current: () => child,
    logger,
  });

  return {
    url,
    masterKey,
    pid: () => child?.pid,
    restarts: () => restartCount,
    async stop() {
      stopping = true;
      clearInterval(watch);
      rmSync(urlFile, { force: true });
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) {
        rmSync(pidFile, { force: true });
        return;
      }
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut) {
        current.kill('SIGKILL');
        await exited;
      }
      rmSync(pidFile, { force: true });
    },
  };
}

/**
 * Kills the server when /health has not answered `misses` times in a row
 * while the process is alive (hung, or stopped with SIGSTOP); its exit handler
 * then restarts it. Paused while it is being (re)started or stopped.
 */
function watchHealth(
  url: string,
  settings: { intervalMs: number; timeoutMs: number; misses: number },
  supervisor: { busy: () => boolean; current: () => ChildProcess | undefined; logger: Logger },
): NodeJS.Timeout {
  let misses = 0;
  let checking = false;
  const timer = setInterval(() => {
    if (checking || supervisor.busy()) return;
    checking = true;
    void checkHealth(url, settings.timeoutMs).then((healthy) => {
      checking = false;
      const current = supervisor.current();
      if (healthy || supervisor.busy() || !current || current.exitCode !== null || current.signalCode !== null) {
        misses = 0;
        return;
      }
      misses += 1;
      if (misses < settings.misses) return;
      misses = 0;
      supervisor.logger.warn({ pid: current.pid, timeoutMs: settings.timeoutMs }, 'Meilisearch is running but does not answer; restarting it');
      current.kill('SIGKILL');
    });
  }, settings.intervalMs);
  timer.unref();
  return timer;
}
