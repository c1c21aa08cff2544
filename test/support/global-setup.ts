import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { resolveMeiliBinary } from '../../server/search-engine/meili-binary.ts';
import { startEmbeddedMeili } from '../../server/search-engine/meili-process.ts';
import { preparePostgresTemplate } from './postgres-admin.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliKey: string;
    meiliBinary: string;
    /** The migrated template of the PostgreSQL pass's databases; empty on the SQLite pass. */
    pgTemplate: string;
  }
}

/**
 * One real Meilisearch for the whole run: MEILI_URL if given, otherwise the
 * pinned binary started in a temp folder and stopped after the last test.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-test-meili-'));
  const binary = resolveMeiliBinary({ configured: process.env.MEILI_BINARY, fallbackDir: path.join(folder, 'bin'), searchPath: process.env.PATH });
  project.provide('meiliBinary', binary);
  const template = await preparePostgresTemplate();
  project.provide('pgTemplate', template?.name ?? '');
  if (process.env.MEILI_URL) {
    project.provide('meiliUrl', process.env.MEILI_URL);
    project.provide('meiliKey', process.env.MEILI_MASTER_KEY ?? '');
    return async () => {
      template?.drop();
      rmSync(folder, { recursive: true, force: true });
    };
  }
  const meili = await startEmbeddedMeili({
    binary,
    dataDir: folder,
    maxIndexingMemory: '512MiB',
    startupTimeoutMs: 60_000,
    logger: createSilentLogger(),
  });
  project.provide('meiliUrl', meili.url);
  project.provide('meiliKey', meili.masterKey);
  return async () => {
    await meili.stop();
    template?.drop();
    rmSync(folder, { recursive: true, force: true });
  };
}
