import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkerLease } from './worker-lease.ts';

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

const waitOrWake: Wait = (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined);

export interface PollingWorkerOptions {
  /** The pause after a round with nothing to do, and while another instance holds the lease. */
  intervalMs: number;
  /** Among several app instances only the holder runs rounds; without one the worker assumes it is alone. */
  lease?: Pick<WorkerLease, 'acquire' | 'release'>;
  /** Replaced in tests; by default a timer that an abort ends early. */
  wait?: Wait;
}

/**
 * The loop the outbox workers share: take the lease (or pause), run a round,
 * go again at once while rounds finish work, else pause for the interval or
 * until notified. A notify while a round runs is not remembered: the next
 * pause is the safety net. `stop()` ends a pause, waits for a running round
 * and gives the lease up.
 */
export abstract class PollingWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private sleeper: AbortController | undefined;
  private backingOff = false;

  constructor(private readonly polling: PollingWorkerOptions) {}

  /** One round of work; answers how much it finished. Anything finished starts the next round at once. */
  protected abstract runRound(): Promise<number>;

  /**
   * A round threw: log it, and answer a back-off in ms that `notify()` does
   * not cut short (only `stop()` does), or nothing to wait the usual interval.
   */
  protected abstract roundFailed(error: unknown): number | void;

  /** Called each time another instance holds the lease, before the pause. */
  protected leaseMissing(): void {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ask for a round now (after a commit that queued work); a back-off after a failure is not cut short. */
  notify(): void {
    if (!this.backingOff) this.sleeper?.abort();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper?.abort();
    await this.loop;
    await this.polling.lease?.release();
  }

  /** Notifies until `pending()` answers none; throws `timeoutMessage()` after `timeoutMs`. For start-up, tests and scripts. */
  protected async notifyUntilDone(pending: () => Promise<number>, timeoutMs: number, timeoutMessage: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await pending()) > 0) {
      if (Date.now() > deadline) throw new Error(timeoutMessage());
      this.notify();
      await sleep(50);
    }
  }

  private async run(): Promise<void> {
    const { lease, intervalMs } = this.polling;
    while (this.running) {
      if (lease && !(await lease.acquire())) {
        this.leaseMissing();
        await this.pause(intervalMs, false);
        continue;
      }
      let finished = 0;
      let backoffMs: number | void = undefined;
      try {
        finished = await this.runRound();
      } catch (error) {
        backoffMs = this.roundFailed(error);
      }
      if (finished > 0) continue;
      await this.pause(backoffMs ?? intervalMs, backoffMs !== undefined);
    }
  }

  private async pause(ms: number, backoff: boolean): Promise<void> {
    if (!this.running) return;
    this.sleeper = new AbortController();
    this.backingOff = backoff;
    try {
      await (this.polling.wait ?? waitOrWake)(ms, this.sleeper.signal);
    } finally {
      this.sleeper = undefined;
      this.backingOff = false;
    }
  }
}
