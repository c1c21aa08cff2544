import { LRUCache } from 'lru-cache';

export interface SearchCacheOptions {
  /** How many answers to keep; 0 turns the cache off. */
  maxEntries: number;
  /** Bound on the estimated bytes kept (rendered pages count far more than answers). */
  maxBytes?: number;
  /** Upper bound on an answer's age, for changes made by another process (a reindex run beside the app). */
  ttlMs: number;
}

/** A search answer with its 20 cards and facet counts, roughly. */
const ANSWER_SIZE_ESTIMATE = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface SearchCacheStats {
  hits: number;
  misses: number;
  entries: number;
  generation: number;
}

/**
 * Keeps recent search answers until the index changes. Every write this
 * process makes to the index calls `invalidate()` once Meilisearch has applied
 * it; an answer computed while a write landed is not kept, because it may have
 * been read before the write. Concurrent identical searches share one request.
 */
export class SearchResultCache {
  private generation = 0;
  private hits = 0;
  private misses = 0;
  private readonly entries: LRUCache<string, Promise<object>> | undefined;
  private readonly changeListeners: Array<() => void> = [];

  constructor(options: SearchCacheOptions) {
    this.entries =
      options.maxEntries > 0 ? new LRUCache({ max: options.maxEntries, ttl: options.ttlMs, maxSize: options.maxBytes ?? DEFAULT_MAX_BYTES }) : undefined;
  }

  /**
   * The cached answer for `key`, or the one `compute` gives (kept unless the
   * index changed meanwhile). `sizeEstimate` counts it against maxBytes.
   */
  async remember<T extends object>(key: string, compute: () => Promise<T>, sizeEstimate = ANSWER_SIZE_ESTIMATE): Promise<T> {
    const entries = this.entries;
    if (!entries) return compute();
    const cached = entries.get(key);
    if (cached) {
      this.hits += 1;
      return cached as Promise<T>;
    }
    this.misses += 1;
    const generation = this.generation;
    const pending = compute();
    entries.set(key, pending, { size: sizeEstimate + key.length });
    try {
      const value = await pending;
      if (generation !== this.generation && entries.get(key) === pending) entries.delete(key);
      return value;
    } catch (error) {
      if (entries.get(key) === pending) entries.delete(key);
      throw error;
    }
  }

  /**
   * Forgets every answer; called after each change to the index. A change this
   * process made is announced to the listeners (which tell the other app
   * instances); one learnt from another instance is not (`announce: false`).
   */
  invalidate(options: { announce?: boolean } = {}): void {
    this.generation += 1;
    this.entries?.clear();
    if (options.announce === false) return;
    for (const listener of this.changeListeners) listener();
  }

  /** Called after every change to the index made by this process. */
  onLocalChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  stats(): SearchCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries?.size ?? 0, generation: this.generation };
  }
}
