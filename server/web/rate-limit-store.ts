import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Database } from '../db/db-connection.ts';

const CLEANUP_EVERY_MS = 5 * 60 * 1000;

/**
 * An express-rate-limit store in the `rate_limit_hits` table, so every app
 * instance sharing the database counts against one limit. Fixed windows of the
 * limiter's `windowMs`: one row per limiter, client key and window, raised by
 * one atomic upsert per counted request (the limiters guard form posts and
 * downloads, never searches, so the write is rare).
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private cleanup: NodeJS.Timeout | undefined;

  constructor(private readonly options: { db: Database; limiter: string; now?: () => number }) {}

  get prefix(): string {
    return this.options.limiter;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.cleanup = setInterval(() => void this.removeExpired().catch(() => undefined), Math.min(this.windowMs, CLEANUP_EVERY_MS));
    this.cleanup.unref();
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const windowStart = this.windowStart();
    const row = await this.rows(key, windowStart).first('hits');
    return row ? { totalHits: Number(row.hits), resetTime: new Date(windowStart + this.windowMs) } : undefined;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const { db, limiter } = this.options;
    const windowStart = this.windowStart();
    const expiresAt = windowStart + this.windowMs;
    const [row] = await db('rate_limit_hits')
      .insert({ limiter, client_key: key, window_start: windowStart, hits: 1, expires_at: expiresAt })
      .onConflict(['limiter', 'client_key', 'window_start'])
      .merge({ hits: db.raw('rate_limit_hits.hits + 1') })
      .returning('hits');
    return { totalHits: Number((row as { hits: number | string }).hits), resetTime: new Date(expiresAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.rows(key, this.windowStart()).andWhere('hits', '>', 0).update({ hits: this.options.db.raw('hits - 1') });
  }

  async resetKey(key: string): Promise<void> {
    await this.options.db('rate_limit_hits').where({ limiter: this.options.limiter, client_key: key }).delete();
  }

  async resetAll(): Promise<void> {
    await this.options.db('rate_limit_hits').where({ limiter: this.options.limiter }).delete();
  }

  shutdown(): void {
    clearInterval(this.cleanup);
  }

  /** Deletes the rows of windows that have ended (every limiter's). */
  async removeExpired(): Promise<number> {
    return this.options.db('rate_limit_hits').where('expires_at', '<', this.now()).delete();
  }

  private rows(key: string, windowStart: number) {
    return this.options.db('rate_limit_hits').where({ limiter: this.options.limiter, client_key: key, window_start: windowStart });
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private windowStart(): number {
    return Math.floor(this.now() / this.windowMs) * this.windowMs;
  }
}

/** Where a named rate limiter counts: the shared database, or (undefined) the limiter's own memory. */
export type RateLimitStores = (limiter: string) => Store | undefined;

export function createRateLimitStores(options: { db: Database; kind: 'database' | 'memory' }): RateLimitStores {
  return (limiter) => (options.kind === 'database' ? new DatabaseRateLimitStore({ db: options.db, limiter }) : undefined);
}
