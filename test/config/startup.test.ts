import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../server/search-engine/meili-process.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function tempFolder(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-start-'));
  folders.push(folder);
  return folder;
}

/** Runs the real entry point with an environment and collects how it ends. */
function startApp(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a bad configuration stops the start with one readable sentence', () => {
  it('names an unknown region and lists the known ones', async () => {
    const result = await startApp({ DATA_DIR: tempFolder(), REGION: 'atlantis' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Wegweiser cannot start: REGION "atlantis" is unknown.*known regions: .*ennepe-ruhr-kreis.*solingen/);
  });

  it('says when MEILI_URL does not answer', async () => {
    const port = await findFreePort();
    // The start waits up to 10 s for an external Meilisearch to come up; 1 s is enough to tell here.
    const result = await startApp({ DATA_DIR: tempFolder(), MEILI_URL: `http://127.0.0.1:${port}`, MEILI_MASTER_KEY: 'x'.repeat(16), MEILI_STARTUP_TIMEOUT_MS: '1000', DEMO_DATA: 'false' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Wegweiser cannot start: Meilisearch at MEILI_URL http://127.0.0.1:${port} did not answer`);
  });

  it('says when DATA_DIR cannot be written', async () => {
    const file = path.join(tempFolder(), 'a-file');
    writeFileSync(file, 'not a folder');
    const result = await startApp({ DATA_DIR: path.join(file, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Wegweiser cannot start: DATA_DIR .*a-file\/data is not writable/);
  });

  it('says when PostgreSQL at DATABASE_URL does not answer', async () => {
    const port = await findFreePort();
    const result = await startApp({ DATA_DIR: tempFolder(), DATABASE_URL: `postgres://wegweiser:geheim@127.0.0.1:${port}/wegweiser`, DEMO_DATA: 'false' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Wegweiser cannot start: PostgreSQL at DATABASE_URL \\(127\\.0\\.0\\.1:${port}/wegweiser\\) cannot be used \\(ECONNREFUSED: .*\\); check that it runs`));
    expect(result.stderr).not.toContain('geheim');
  });

  it('names a malformed variable', async () => {
    const result = await startApp({ DATA_DIR: tempFolder(), PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Wegweiser cannot start: Configuration error: PORT="eighty" is not valid/);
  });

  it('asks for the key when MEILI_URL comes without MEILI_MASTER_KEY', async () => {
    const result = await startApp({ DATA_DIR: tempFolder(), MEILI_URL: 'http://127.0.0.1:7700' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MEILI_URL is set, so MEILI_MASTER_KEY must be set too');
  });
});
