import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../server/import/import-jobs.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { createTestStorage } from '../support/test-services.ts';

/** Two registries on one database stand for two app instances; `now` is moved by the test, never waited for. */
describe('import jobs kept in the database', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let now = Date.parse('2026-12-06T09:00:00Z');
  const registry = () => new JobRegistry<{ imported: number }>({ db: storage.db, logger: createSilentLogger(), now: () => now });

  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => storage?.close());

  it('another instance reads a running job’s progress and then its result', async () => {
    const running = registry();
    const other = registry();
    let finish: (value: { imported: number }) => void = () => undefined;
    let report: (update: { phase?: 'writing'; done?: number; total?: number }) => void = () => undefined;
    const job = await running.start(0, (progress) => {
      report = progress;
      return new Promise((resolve) => (finish = resolve));
    }, () => 'import.failed.unknown');
    expect(await other.get(job.id)).toMatchObject({ state: 'running', phase: 'reading', done: 0, total: 0 });

    report({ phase: 'writing', done: 3, total: 10 });
    for (let tries = 0; (await other.get(job.id))?.done !== 3; tries += 1) {
      if (tries > 200) throw new Error('progress never reached the database');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await other.get(job.id)).toMatchObject({ state: 'running', phase: 'writing', done: 3, total: 10 });

    finish({ imported: 10 });
    await running.settled(job.id);
    expect(await other.get(job.id)).toEqual({ id: job.id, state: 'done', phase: 'finished', done: 10, total: 10, result: { imported: 10 }, updatedAt: now, finishedAt: now });
  });

  it('a failed job’s message key reaches the other instance', async () => {
    const running = registry();
    const job = await running.start(0, () => Promise.reject(new Error('kaputt')), () => 'import.failed.locked');
    await running.settled(job.id);
    expect(await registry().get(job.id)).toMatchObject({ state: 'failed', errorKey: 'import.failed.locked' });
  });

  it('a running job whose instance stopped writing for a quarter hour reads as failed', async () => {
    const job = await registry().start(0, () => new Promise(() => undefined), () => 'import.failed.unknown');
    now += 16 * 60 * 1000;
    expect(await registry().get(job.id)).toMatchObject({ state: 'failed', errorKey: 'import.failed.unknown' });
  });

  it('jobs finished more than an hour ago are deleted when the next import starts', async () => {
    const running = registry();
    const old = await running.start(0, async () => ({ imported: 1 }), () => 'import.failed.unknown');
    await running.settled(old.id);
    now += 59 * 60 * 1000;
    const recent = await running.start(0, async () => ({ imported: 2 }), () => 'import.failed.unknown');
    await running.settled(recent.id);
    expect(await registry().get(old.id)).toMatchObject({ state: 'done' });

    now += 2 * 60 * 1000;
    const next = await running.start(0, async () => ({ imported: 3 }), () => 'import.failed.unknown');
    await running.settled(next.id);
    expect(await registry().get(old.id)).toBeUndefined();
    expect(await running.get(old.id)).toBeUndefined();
    expect(await registry().get(recent.id)).toMatchObject({ state: 'done', result: { imported: 2 } });
  });
});
