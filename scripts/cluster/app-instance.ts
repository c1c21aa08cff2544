import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface AppInstance {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Kills the process at once (SIGKILL): a crash, a pulled plug. */
  kill(): Promise<void>;
  /** Stops it as an operator would (SIGTERM), waiting for the exit. */
  stop(): Promise<void>;
  alive(): boolean;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `tsx server/main.ts` with `env` (plus PATH and HOME) on `port`, its
 * output appended to `logFile`, and waits until /healthz answers.
 */
export async function startAppInstance(options: { name: string; port: number; env: Record<string, string>; logFile: string; startupTimeoutMs?: number }): Promise<AppInstance> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${options.port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const instance: AppInstance = {
    name: options.name,
    url,
    port: options.port,
    child,
    alive,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      await exited(child);
    },
  };
  const deadline = Date.now() + (options.startupTimeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`instance ${options.name} exited during start-up (code ${child.exitCode}); see ${options.logFile}`);
    const healthy = await fetch(`${url}/healthz`).then((response) => response.status === 200, () => false);
    if (healthy) return instance;
    await sleep(200);
  }
  await instance.kill();
  throw new Error(`instance ${options.name} did not answer /healthz within the start-up time; see ${options.logFile}`);
}
