import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '../../server/backup/backup-service.ts';
import { startServices, stopServices, type Services } from '../../server/bootstrap.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { testingOnPostgres } from '../support/test-database.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, testConfig, type TestServices } from '../support/test-services.ts';

describe('npm run backup and npm run restore', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('a copy restored into an empty data folder serves the same offers, with the same keys', async () => {
    const original: TestServices = await createTestServices();
    cleanups.push(() => original.close());
    const place = await createProviderWithLocation(original.db, 'Sicherungsverein');
    for (const title of ['Sprachtreff Sicherung', 'Nähcafé Sicherung']) await createOffer(original.offerDeps, offerInput(place, { title }));
    await createOffer(original.offerDeps, offerInput(place, { title: 'Entwurf Sicherung', status: 'draft' }));
    mkdirSync(path.join(original.config.dataDir, 'meilisearch'), { recursive: true });
    writeFileSync(path.join(original.config.dataDir, 'meilisearch', 'master-key'), 'schluessel-fuer-den-test\n');
    await original.worker.drain();
    const before = await searchTitles(original, 'Sicherung');
    expect(before.sort()).toEqual(['Nähcafé Sicherung', 'Sprachtreff Sicherung']);

    const backups = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-backups-'));
    cleanups.push(() => rmSync(backups, { recursive: true, force: true }));
    // Taken while the app is running and holds the database open.
    const folder = await createBackup(original.config, backups, new Date('2026-12-05T09:00:00Z'));
    // SQLite is copied with VACUUM INTO; PostgreSQL (the second pass) with pg_dump, restored with pg_restore.
    const [file, engine] = testingOnPostgres ? ['wegweiser.pgdump', 'postgresql'] : ['wegweiser.sqlite', 'sqlite'];
    expect(existsSync(path.join(folder, file))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'))).toMatchObject({ database: file, engine });

    const { config, cleanup } = testConfig();
    cleanups.push(cleanup);
    expect((await restoreBackup(folder, config, { overwrite: false })).keys.sort()).toEqual([path.join('meilisearch', 'master-key'), 'session-secret']);
    expect(readFileSync(path.join(config.dataDir, 'session-secret'), 'utf8')).toBe(readFileSync(path.join(original.config.dataDir, 'session-secret'), 'utf8'));
    await expect(restoreBackup(folder, config, { overwrite: false })).rejects.toThrow(/--overwrite/);

    const restored: Services = await startServices(config, createSilentLogger(), { PATH: process.env.PATH });
    cleanups.push(async () => {
      const indexes = await restored.engine.client.getRawIndexes({ limit: 1000 }).catch(() => ({ results: [] }));
      for (const index of indexes.results) if (index.uid.startsWith(config.meili.indexPrefix)) await restored.engine.client.deleteIndex(index.uid).catch(() => undefined);
      await stopServices(restored);
    });
    await restored.worker.drain();
    expect((await searchTitles(restored, 'Sicherung')).sort()).toEqual(before.sort());
    expect(await restored.db('offers').where({ title: 'Entwurf Sicherung' }).first('status')).toEqual({ status: 'draft' });
  });

  it('restores a backup only into the engine it came from, and says how to move between them', async () => {
    const backups = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-backups-'));
    cleanups.push(() => rmSync(backups, { recursive: true, force: true }));
    const sqliteBackup = path.join(backups, 'sqlite');
    mkdirSync(sqliteBackup);
    writeFileSync(path.join(sqliteBackup, 'manifest.json'), JSON.stringify({ database: 'wegweiser.sqlite', engine: 'sqlite', keys: [] }));
    const pgBackup = path.join(backups, 'pg');
    mkdirSync(pgBackup);
    writeFileSync(path.join(pgBackup, 'manifest.json'), JSON.stringify({ database: 'wegweiser.pgdump', engine: 'postgresql', keys: [] }));
    const paths = { databaseFile: path.join(backups, 'data', 'wegweiser.sqlite'), dataDir: path.join(backups, 'data') };
    await expect(restoreBackup(sqliteBackup, { ...paths, database: { client: 'pg', url: 'postgres://postgres@127.0.0.1:5432/none' } }, { overwrite: false }))
      .rejects.toThrow('This backup holds a SQLite database, but DATABASE_URL is set; restore it without DATABASE_URL, then move it with npm run migrate-to-postgres.');
    await expect(restoreBackup(pgBackup, paths, { overwrite: false })).rejects.toThrow('This backup holds a PostgreSQL database (pg_dump); set DATABASE_URL to the database to restore it into.');
    expect(existsSync(paths.databaseFile)).toBe(false);
  });

  it('every npm script points at a file that exists', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const missing = Object.entries(scripts).flatMap(([name, command]) =>
      [...command.matchAll(/\b((?:scripts|server)\/[\w./-]+\.ts)\b/g)].map((match) => match[1]!).filter((file) => !existsSync(file)).map((file) => `${name}: ${file}`));
    expect(missing).toEqual([]);
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['backup', 'restore', 'migrate-to-postgres', 'test:pg']));
  });
});
