import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLeases } from '../../server/cluster/lease-repository.ts';
import { WorkerLease } from '../../server/cluster/worker-lease.ts';
import { readMeta } from '../../server/db/app-meta-repository.ts';
import { openDatabase, type Database } from '../../server/db/db-connection.ts';
import { startMaintenanceTimer } from '../../server/freshness/maintenance-timer.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { countPendingOutbox } from '../../server/search/search-outbox-repository.ts';
import { SearchSyncWorker } from '../../server/search/search-sync-worker.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

/**
 * Two Knex pools on one database (a SQLite file in WAL mode, or PostgreSQL on
 * that pass) stand for two app instances sharing it; the two-process test on PostgreSQL is in
 * test/multi-instance/two-instances.test.ts.
 */
let services: TestServices;
let other: Database;
const opened: Database[] = [];

function connection(): Database {
  const db = openDatabase(services.config.database);
  opened.push(db);
  return db;
}

async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  services = await createTestServices();
  other = connection();
});

afterAll(async () => {
  for (const db of opened) await db.destroy();
  await services.close();
});

describe('worker leases shared through the database', () => {
  it('of two instances asking at once exactly one holds a lease, and the other takes over once the holder stops renewing', async () => {
    const dying = connection();
    const first = new WorkerLease({ db: dying, name: 'test-takeover', holder: 'instance-a', ttlMs: 3_000 });
    const second = new WorkerLease({ db: other, name: 'test-takeover', holder: 'instance-b', ttlMs: 3_000 });
    const answers = await Promise.all([first.acquire(), second.acquire()]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    const [holder, waiting] = answers[0] ? [first, second] : [second, first];
    expect(holder.isHeld()).toBe(true);
    expect(await waiting.acquire()).toBe(false);

    // The holder "dies": its connection is gone, so it can no longer renew.
    if (holder === first) await dying.destroy();
    else await other.destroy().then(() => (other = connection()));
    await waiting.waitFor(10_000);
    expect(waiting.isHeld()).toBe(true);
    const rows = await listLeases(services.db);
    expect(rows.find((row) => row.name === 'test-takeover')?.holder).toBe(waiting === first ? 'instance-a' : 'instance-b');
    await waiting.release();
  });

  it('of eight contenders for an expired lease exactly one wins', async () => {
    const contenders = Array.from({ length: 8 }, (_, index) => new WorkerLease({ db: index % 2 ? other : services.db, name: 'test-race', holder: `instance-${index}`, ttlMs: 5_000 }));
    const answers = await Promise.all(contenders.map((lease) => lease.acquire()));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect((await listLeases(services.db)).find((row) => row.name === 'test-race')?.holder).toBe(`instance-${answers.indexOf(true)}`);
    await Promise.all(contenders.map((lease) => lease.release()));
  });

  it('a holder that was paused past its lease finds another instance took it, and stays out', async () => {
    let pausedFor = 0;
    const paused = new WorkerLease({ db: services.db, name: 'test-lost', holder: 'instance-a', ttlMs: 3_000, now: () => Date.now() + pausedFor });
    const successor = new WorkerLease({ db: other, name: 'test-lost', holder: 'instance-b', ttlMs: 3_000, now: () => Date.now() + 5_000 });
    expect(await paused.acquire()).toBe(true);
    pausedFor = 5_000;
    expect(paused.isHeld()).toBe(false);
    expect(await successor.acquire()).toBe(true);
    pausedFor = 0;
    // Its clock is right again, but its next renewal finds the other holder.
    await until(async () => !paused.isHeld() && !(await paused.acquire()), 'the paused holder to notice its loss');
    expect((await listLeases(services.db)).find((row) => row.name === 'test-lost')?.holder).toBe('instance-b');
    await successor.release();
    await paused.release();
  });
});

describe('the search outbox with a lease', () => {
  it('a worker whose lease ran out writes nothing to the index and leaves the rows for the next holder', async () => {
    await services.worker.stop();
    let pausedFor = 0;
    const lease = new WorkerLease({ db: other, name: 'search-outbox', holder: 'instance-late', ttlMs: 3_000, now: () => Date.now() + pausedFor });
    const late = new SearchSyncWorker({ db: other, engine: services.engine, taxonomy: services.taxonomy, clock: services.clock, logger: services.logger, lease });
    expect(await lease.acquire()).toBe(true);
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Leasekurs Gitarre für Anfänger' }));
    expect(await countPendingOutbox(services.db)).toBe(1);

    pausedFor = 10_000;
    expect(await late.processBatch()).toBe(0);
    expect(await countPendingOutbox(services.db)).toBe(1);
    expect(await searchTitles(services, 'Leasekurs Gitarre')).toEqual([]);
    expect(late.status().holdsLease).toBe(false);

    pausedFor = 0;
    expect(await lease.acquire()).toBe(true);
    expect(await late.processBatch()).toBe(1);
    expect(await countPendingOutbox(services.db)).toBe(0);
    expect(await searchTitles(services, 'Leasekurs Gitarre')).toEqual(['Leasekurs Gitarre für Anfänger']);
    await late.stop();
    expect((await listLeases(services.db)).find((row) => row.name === 'search-outbox')?.expiresAt).toBe(0);
  });
});

describe('the daily jobs with a lease', () => {
  it('wait while another instance holds the maintenance lease, then run once and record when', async () => {
    const elsewhere = new WorkerLease({ db: other, name: 'maintenance', holder: 'instance-busy', ttlMs: 5_000 });
    expect(await elsewhere.acquire()).toBe(true);
    let checks = 0;
    const lease = new (class extends WorkerLease {
      override acquire() {
        checks += 1;
        return super.acquire();
      }
    })({ db: services.db, name: 'maintenance', holder: 'instance-here', ttlMs: 5_000 });
    const deps = { ...services.offerDeps, translate: (_locale: string, key: string) => key, links: services.links, freshness: services.config.freshness };
    const timer = startMaintenanceTimer(deps, services.logger, { checkEveryMs: 50, lease });
    try {
      await until(() => checks >= 3, 'the timer to look three times');
      expect(await readMeta(services.db, 'maintenance.lastRunAt')).toBeUndefined();
      const released = Date.now();
      await elsewhere.release();
      await until(async () => (await readMeta(services.db, 'maintenance.lastRunAt')) !== undefined, 'the jobs to run');
      expect(Number(await readMeta(services.db, 'maintenance.lastRunAt'))).toBeGreaterThanOrEqual(released);
    } finally {
      await timer.stop();
    }
  });
});
