import { SearchUnavailableError } from '../errors/app-errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { DatabaseSearch } from './database-search.ts';

export interface SearchFallbackOptions {
  /** How long a search may wait for Meilisearch before the database answers it. */
  timeoutMs: number;
  /** While switched over, Meilisearch is asked again (in the background) this often. */
  retryMs: number;
  database: DatabaseSearch;
  /** A small real search against Meilisearch: resolves when it answers again. */
  probe: () => Promise<unknown>;
  /**
   * Called when searches switch to the database: drops cached answers, among
   * them requests still waiting on the hung engine, and any page rendered
   * from a database answer while the switch happened.
   */
  onTrip: () => void;
  logger: Logger;
  now?: () => number;
}

export interface SearchFallbackStatus {
  /** True while searches are answered from the database. */
  active: boolean;
  since: string | null;
  lastError: string | null;
  answeredFromDatabase: number;
}

class EngineTimeout extends Error {}

/** A promise that rejects when the breaker trips, so searches waiting on Meilisearch stop waiting. */
function tripSignal(): { promise: Promise<never>; reject: (error: unknown) => void } {
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<never>((_, rejectPromise) => {
    reject = rejectPromise;
  });
  promise.catch(() => undefined);
  return { promise, reject };
}

const errorText = (error: unknown) => (error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error));

/**
 * A circuit breaker in front of Meilisearch. A search that fails or does not
 * answer within `timeoutMs` is answered from the database, and so is every
 * search after it until a background probe (at most every `retryMs`) finds
 * Meilisearch answering again: a hung engine costs one timeout, not one per
 * request. Searches waiting on Meilisearch when it trips switch at once.
 */
export class SearchFallback {
  private openedAt: number | null = null;
  private lastError: string | null = null;
  private answered = 0;
  private nextProbeAt = 0;
  private probing = false;
  private tripped = tripSignal();
  private readonly now: () => number;

  constructor(private readonly options: SearchFallbackOptions) {
    this.now = options.now ?? Date.now;
  }

  get active(): boolean {
    return this.openedAt !== null;
  }

  status(): SearchFallbackStatus {
    return { active: this.active, since: this.openedAt === null ? null : new Date(this.openedAt).toISOString(), lastError: this.lastError, answeredFromDatabase: this.answered };
  }

  /** Meilisearch's answer, or the database's when Meilisearch fails, hangs, or is known to be away. */
  async answer<T>(fromEngine: () => Promise<T>, fromDatabase: (database: DatabaseSearch) => Promise<T>): Promise<T> {
    if (this.active) {
      this.probeWhenDue();
      return this.fromDatabase(fromDatabase);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EngineTimeout(`Meilisearch did not answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    });
    try {
      return await Promise.race([fromEngine(), timeout, this.tripped.promise]);
    } catch (error) {
      if (!(error instanceof SearchUnavailableError || error instanceof EngineTimeout)) throw error;
      this.trip(error);
      return this.fromDatabase(fromDatabase);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fromDatabase<T>(fromDatabase: (database: DatabaseSearch) => Promise<T>): Promise<T> {
    this.answered += 1;
    return fromDatabase(this.options.database);
  }

  private trip(error: unknown): void {
    if (this.active) return;
    this.openedAt = this.now();
    this.nextProbeAt = this.openedAt + this.options.retryMs;
    this.lastError = errorText(error);
    this.options.logger.warn({ err: this.lastError }, 'Meilisearch failed or hung: searches answer from the database');
    this.tripped.reject(error);
    this.options.onTrip();
  }

  private close(): void {
    this.openedAt = null;
    this.tripped = tripSignal();
    this.options.logger.info('Meilisearch answers again: searches use it');
  }

  /** One probe at a time, in the background: no visitor waits for it. */
  private probeWhenDue(): void {
    if (this.probing || this.now() < this.nextProbeAt) return;
    this.probing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EngineTimeout('probe timed out')), this.options.timeoutMs);
    });
    Promise.race([this.options.probe(), timeout])
      .then(
        () => this.close(),
        (error: unknown) => {
          this.lastError = errorText(error);
          this.nextProbeAt = this.now() + this.options.retryMs;
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.probing = false;
      });
  }
}
