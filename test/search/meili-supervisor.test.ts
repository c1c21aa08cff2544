import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { startEmbeddedMeili, type EmbeddedMeili } from '../../server/search-engine/meili-process.ts';

const folders: string[] = [];
const servers: EmbeddedMeili[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A Meilisearch of this test's own, watched every 200 ms: SIGSTOP on it disturbs no other test. */
async function ownMeili(): Promise<EmbeddedMeili> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-meili-watch-'));
  folders.push(folder);
  const meili = await startEmbeddedMeili({
    binary: inject('meiliBinary'),
    dataDir: folder,
    maxIndexingMemory: '256MiB',
    startupTimeoutMs: 60_000,
    logger: createSilentLogger(),
    healthWatch: { intervalMs: 200, timeoutMs: 500, misses: 3 },
  });
  servers.push(meili);
  return meili;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the embedded Meilisearch supervisor', () => {
  it('passes the master key through the environment, never on the command line', async () => {
    const meili = await ownMeili();
    const pid = meili.pid()!;
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    expect(commandLine).toContain('--http-addr');
    expect(commandLine).not.toContain(meili.masterKey);
    expect(commandLine).not.toContain('--master-key');
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain(`MEILI_MASTER_KEY=${meili.masterKey}`);
    const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    expect((await client.getRawIndexes()).results).toEqual([]);
    await expect(new Meilisearch({ host: meili.url, apiKey: 'wrong-key-wrong-key' }).getRawIndexes()).rejects.toThrow();
  });

  it('restarts a Meilisearch that is alive but does not answer, and searches work again', async () => {
    const meili = await ownMeili();
    const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    await client.index('watch').addDocuments([{ id: 1, title: 'Sprachcafé am Markt' }]).waitTask({ timeout: 60_000 });
    const hungPid = meili.pid()!;
    process.kill(hungPid, 'SIGSTOP');
    await until(() => meili.restarts() === 1, 60_000, 'the restart');
    expect(meili.pid()).not.toBe(hungPid);
    const result = await client.index('watch').search('Sprachcafé');
    expect(result.hits.map((hit) => hit.title)).toEqual(['Sprachcafé am Markt']);
  });
});
