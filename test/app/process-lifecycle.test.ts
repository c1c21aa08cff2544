import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-lifecycle-'));
// On the PostgreSQL pass the app keeps its directory in a fresh database of its own.
const database = createTestDatabase();
const running: ChildProcessWithoutNullStreams[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  database?.drop();
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  logs: Array<Record<string, unknown>>;
}

/** Starts the app as `npm start` does (embedded Meilisearch, demo data) and waits for its URL. */
function startApp(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}), PORT: '0', LOG_LEVEL: 'info', MEILI_MAX_INDEXING_MEMORY: '512MiB' },
  });
  running.push(child);
  const logs: Array<Record<string, unknown>> = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.url === 'string' && String(entry.msg).startsWith('Wegweiser is running')) resolve({ child, url: entry.url, logs });
      }
    });
    child.on('exit', (code) => reject(new Error(`app exited with ${code}: ${stderr}`)));
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start on a fresh data folder', () => {
  it('serves the demo directory, stops Meilisearch with it, and restarts on the same data without rebuilding', async () => {
    const first = await startApp();
    const health = await (await fetch(`${first.url}/healthz`)).json();
    expect(health.status).toBe('ok');
    expect(health.db.offers).toBeGreaterThan(600);
    expect(health.db.providers).toBeGreaterThan(130);
    expect(health.search.documents).toBeGreaterThanOrEqual(health.db.offers);
    expect(first.logs.find((entry) => entry.msg === 'search index reconciled')?.outcome).toBe('built');

    const pidFile = path.join(dataDir, 'meilisearch', 'meilisearch.pid');
    const meiliPid = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(meiliPid)).toBe(true);
    expect(await stop(first.child)).toBe(0);
    expect(isAlive(meiliPid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);

    const second = await startApp();
    expect(second.logs.find((entry) => entry.msg === 'search index reconciled')?.outcome).toBe('up-to-date');
    expect(second.logs.some((entry) => entry.msg === 'empty database: generating the demo directory')).toBe(false);
    const again = await (await fetch(`${second.url}/healthz`)).json();
    expect(again.db).toEqual(health.db);
    expect(again.search.documents).toBe(health.search.documents);
    const page = await (await fetch(`${second.url}/search?q=Kurs`)).text();
    expect(page).toMatch(/\d+ Angebote gefunden/);
    expect(await stop(second.child)).toBe(0);
  }, 240_000);
});
