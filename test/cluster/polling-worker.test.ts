import { describe, expect, it, vi } from 'vitest';
import { PollingWorker, type PollingWorkerOptions, type Wait } from '../../server/cluster/polling-worker.ts';

const INTERVAL_MS = 500;

/** Pauses that end only when the test lets the time pass (`elapse`) or the worker aborts them. */
function scriptedPauses() {
  const pauses: Array<{ ms: number; woken: () => boolean; elapse: () => void }> = [];
  const wait: Wait = (ms, signal) =>
    new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => resolve(), { once: true });
      pauses.push({ ms, woken: () => signal.aborted, elapse: resolve });
    });
  return { pauses, wait };
}

function fakeLease(held: boolean) {
  const lease = {
    held,
    released: 0,
    acquire: async () => lease.held,
    release: async () => {
      lease.released += 1;
    },
  };
  return lease;
}

/** A worker whose rounds follow a script; counts rounds, failures and lease misses. */
class ScriptedWorker extends PollingWorker {
  rounds = 0;
  failures: unknown[] = [];
  leaseMisses = 0;

  constructor(
    options: PollingWorkerOptions,
    private readonly script: { round?: (n: number) => Promise<number>; backoffMs?: number } = {},
  ) {
    super(options);
  }

  protected runRound(): Promise<number> {
    this.rounds += 1;
    return this.script.round?.(this.rounds) ?? Promise.resolve(0);
  }

  protected roundFailed(error: unknown): number | void {
    this.failures.push(error);
    return this.script.backoffMs;
  }

  protected override leaseMissing(): void {
    this.leaseMisses += 1;
  }

  drainUntil(pending: () => Promise<number>, timeoutMs: number): Promise<void> {
    return this.notifyUntilDone(pending, timeoutMs, () => `scripted work not done within ${timeoutMs} ms`);
  }
}

describe('the polling loop the outbox workers share', { timeout: 10_000 }, () => {
  it('after a round with nothing to do it pauses for the interval, then runs the next round', async () => {
    const { pauses, wait } = scriptedPauses();
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait });
    worker.start();
    await vi.waitFor(() => expect(pauses).toHaveLength(1));
    expect(pauses[0]!.ms).toBe(INTERVAL_MS);
    expect(worker.rounds).toBe(1);
    pauses[0]!.elapse();
    await vi.waitFor(() => expect(worker.rounds).toBe(2));
    expect(pauses[0]!.woken()).toBe(false);
    await worker.stop();
  });

  it('notify() ends the pause at once', async () => {
    const { pauses, wait } = scriptedPauses();
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait });
    worker.start();
    await vi.waitFor(() => expect(pauses).toHaveLength(1));
    worker.notify();
    await vi.waitFor(() => expect(worker.rounds).toBe(2));
    expect(pauses[0]!.woken()).toBe(true);
    await worker.stop();
  });

  it('rounds that finish work follow each other without a pause', async () => {
    const { pauses, wait } = scriptedPauses();
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait }, { round: async (n) => (n < 3 ? 5 : 0) });
    worker.start();
    await vi.waitFor(() => expect(pauses).toHaveLength(1));
    expect(worker.rounds).toBe(3);
    await worker.stop();
  });

  it('stop() during a pause ends it and gives the lease up', async () => {
    const { pauses, wait } = scriptedPauses();
    const lease = fakeLease(true);
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait, lease });
    worker.start();
    await vi.waitFor(() => expect(pauses).toHaveLength(1));
    await worker.stop();
    expect(pauses[0]!.woken()).toBe(true);
    expect(lease.released).toBe(1);
    expect(worker.isRunning).toBe(false);
    expect(worker.rounds).toBe(1);
  });

  it('stop() during a round waits for that round to end and pauses no more', async () => {
    const { pauses, wait } = scriptedPauses();
    let finishRound: (finished: number) => void = () => undefined;
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait }, { round: () => new Promise((resolve) => (finishRound = resolve)) });
    worker.start();
    await vi.waitFor(() => expect(worker.rounds).toBe(1));
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finishRound(0);
    await stopping;
    expect(pauses).toHaveLength(0);
    expect(worker.rounds).toBe(1);
  });

  it('runs no round while another instance holds the lease, and stops working when the lease is lost', async () => {
    const { pauses, wait } = scriptedPauses();
    const lease = fakeLease(false);
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait, lease });
    worker.start();
    await vi.waitFor(() => expect(pauses).toHaveLength(1));
    expect(pauses[0]!.ms).toBe(INTERVAL_MS);
    expect(worker.rounds).toBe(0);
    expect(worker.leaseMisses).toBe(1);

    lease.held = true;
    pauses[0]!.elapse();
    await vi.waitFor(() => expect(pauses).toHaveLength(2));
    expect(worker.rounds).toBe(1);

    lease.held = false;
    pauses[1]!.elapse();
    await vi.waitFor(() => expect(pauses).toHaveLength(3));
    expect(worker.rounds).toBe(1);
    expect(worker.leaseMisses).toBe(2);
    await worker.stop();
  });

  it('a failed round is reported, and its back-off is not cut short by notify(), only by stop()', async () => {
    const { pauses, wait } = scriptedPauses();
    const failure = new Error('engine away');
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait }, { round: () => Promise.reject(failure), backoffMs: 4_000 });
    worker.start();
    await vi.waitFor(() => expect(pauses).toHaveLength(1));
    expect(worker.failures).toEqual([failure]);
    expect(pauses[0]!.ms).toBe(4_000);
    worker.notify();
    expect(pauses[0]!.woken()).toBe(false);
    await worker.stop();
    expect(pauses[0]!.woken()).toBe(true);
    expect(worker.rounds).toBe(1);
  });

  it('a failed round without a back-off pauses for the interval, which notify() ends', async () => {
    const { pauses, wait } = scriptedPauses();
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait }, { round: () => Promise.reject(new Error('database busy')) });
    worker.start();
    await vi.waitFor(() => expect(pauses).toHaveLength(1));
    expect(pauses[0]!.ms).toBe(INTERVAL_MS);
    worker.notify();
    await vi.waitFor(() => expect(worker.rounds).toBe(2));
    expect(worker.failures).toHaveLength(2);
    await worker.stop();
  });

  it('draining notifies until nothing is pending, and names the work when time runs out', async () => {
    const { wait } = scriptedPauses();
    let pending = 2;
    const worker = new ScriptedWorker({ intervalMs: INTERVAL_MS, wait }, { round: async () => ((pending = Math.max(0, pending - 1)), 0) });
    worker.start();
    await worker.drainUntil(async () => pending, 5_000);
    expect(pending).toBe(0);
    await worker.stop();
    await expect(new ScriptedWorker({ intervalMs: INTERVAL_MS, wait }).drainUntil(async () => 1, 0)).rejects.toThrow('scripted work not done within 0 ms');
  });
});
