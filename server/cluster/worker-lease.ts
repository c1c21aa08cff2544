import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import { releaseLease, renewLease, takeLease } from './lease-repository.ts';

export interface WorkerLeaseOptions {
  db: Database;
  /** What the lease guards: 'search-outbox', 'mail-outbox', 'maintenance', 'startup'. */
  name: string;
  /** This instance (server/cluster/instance-id.ts). */
  holder: string;
  /** How long a lease lasts unless renewed; a dead holder is replaced after at most this. */
  ttlMs: number;
  logger?: Logger;
  /** Milliseconds since the epoch; tests shift it. */
  now?: () => number;
}

/**
 * One instance's view of a lease in `worker_leases`. While held it is renewed
 * every third of its length. It counts as held only until a fifth of its length
 * before it runs out, so a holder that cannot renew (a stalled database, a long
 * pause) stops writing before another instance may take over: the newer
 * holder's Meilisearch writes are then always queued after the older one's.
 */
export class WorkerLease {
  private expiresAt = 0;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private renewer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: WorkerLeaseOptions) {
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.options.name;
  }

  /** Whether this instance may do the guarded work now. */
  isHeld(): boolean {
    return this.expiresAt - this.options.ttlMs / 5 > this.now();
  }

  /**
   * Takes the lease, or keeps it; true when held. While another instance holds
   * it, the database is asked at most every fifth of the lease length.
   */
  async acquire(): Promise<boolean> {
    if (this.isHeld()) return true;
    const started = this.now();
    if (started - this.lastAttempt < this.options.ttlMs / 5) return false;
    this.lastAttempt = started;
    try {
      if (!(await takeLease(this.options.db, this.name, this.options.holder, started, started + this.options.ttlMs))) return false;
    } catch (error) {
      this.options.logger?.warn({ err: error, lease: this.name }, 'lease not taken (database error)');
      return false;
    }
    this.expiresAt = started + this.options.ttlMs;
    this.keepRenewing();
    return true;
  }

  /** Waits until the lease is held (or `timeoutMs` passed, then throws). */
  async waitFor(timeoutMs: number): Promise<void> {
    const deadline = this.now() + timeoutMs;
    while (!(await this.acquire())) {
      if (this.now() > deadline) throw new Error(`lease ${this.name} not free within ${timeoutMs} ms`);
      await sleep(Math.min(250, this.options.ttlMs / 5));
    }
  }

  /** Gives the lease up at once (shut-down, or a one-off job done). */
  async release(): Promise<void> {
    this.stopRenewing();
    const held = this.expiresAt > this.now();
    this.expiresAt = 0;
    if (!held) return;
    await releaseLease(this.options.db, this.name, this.options.holder).catch((error: unknown) =>
      this.options.logger?.warn({ err: error, lease: this.name }, 'lease not released; it runs out by itself'),
    );
  }

  private keepRenewing(): void {
    if (this.renewer) return;
    this.renewer = setInterval(() => void this.renew(), this.options.ttlMs / 3);
    this.renewer.unref();
  }

  private stopRenewing(): void {
    clearInterval(this.renewer);
    this.renewer = undefined;
  }

  private async renew(): Promise<void> {
    const started = this.now();
    try {
      if (await renewLease(this.options.db, this.name, this.options.holder, started + this.options.ttlMs)) {
        if (this.renewer) this.expiresAt = started + this.options.ttlMs;
        return;
      }
      this.options.logger?.warn({ lease: this.name }, 'lease lost to another instance');
      this.expiresAt = 0;
      this.stopRenewing();
    } catch (error) {
      // The lease runs out on its own unless a later renewal gets through.
      this.options.logger?.warn({ err: error, lease: this.name }, 'lease not renewed (database error)');
    }
  }
}

/** Runs `work` while holding `lease` (waiting up to `waitMs` for it), then releases it. */
export async function withLease<T>(lease: WorkerLease, waitMs: number, work: () => Promise<T>): Promise<T> {
  await lease.waitFor(waitMs);
  try {
    return await work();
  } finally {
    await lease.release();
  }
}
