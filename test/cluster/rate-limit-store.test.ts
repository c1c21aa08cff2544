import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Options } from 'express-rate-limit';
import { DatabaseRateLimitStore } from '../../server/web/rate-limit-store.ts';
import { createTestStorage } from '../support/test-services.ts';

let storage: Awaited<ReturnType<typeof createTestStorage>>;
beforeAll(async () => {
  storage = await createTestStorage();
});
afterAll(async () => storage.close());

const WINDOW_MS = 15 * 60 * 1000;

function store(limiter: string, clock: { now: number }) {
  const created = new DatabaseRateLimitStore({ db: storage.db, limiter, now: () => clock.now });
  created.init({ windowMs: WINDOW_MS } as Options);
  return created;
}

describe('rate limits counted in the database', () => {
  it('counts per limiter, client and window; a decrement takes one back; a new window starts at one', async () => {
    const clock = { now: Date.UTC(2026, 11, 5, 10, 1) };
    const login = store('account', clock);
    const downloads = store('download', clock);
    expect((await login.increment('203.0.113.1')).totalHits).toBe(1);
    expect((await login.increment('203.0.113.1')).totalHits).toBe(2);
    const third = await login.increment('203.0.113.1');
    expect(third).toEqual({ totalHits: 3, resetTime: new Date(Date.UTC(2026, 11, 5, 10, 15)) });
    expect((await login.increment('203.0.113.2')).totalHits).toBe(1);
    expect((await downloads.increment('203.0.113.1')).totalHits).toBe(1);
    await login.decrement('203.0.113.1');
    expect(await login.get('203.0.113.1')).toEqual({ totalHits: 2, resetTime: new Date(Date.UTC(2026, 11, 5, 10, 15)) });

    clock.now = Date.UTC(2026, 11, 5, 10, 16);
    expect((await login.increment('203.0.113.1')).totalHits).toBe(1);
    expect(await login.removeExpired()).toBe(3);
    expect(await storage.db('rate_limit_hits').count({ n: '*' }).first()).toEqual({ n: 1 });
    await login.resetKey('203.0.113.1');
    expect(await login.get('203.0.113.1')).toBeUndefined();
    login.shutdown();
    downloads.shutdown();
  });

  it('counts every one of many increments sent at once (one atomic upsert each)', async () => {
    const clock = { now: Date.UTC(2026, 11, 5, 11, 0) };
    const stores = [store('report', clock), store('report', clock)];
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => stores[index % 2]!.increment('198.51.100.4')));
    expect(answers.map((answer) => answer.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    for (const created of stores) created.shutdown();
  });
});
