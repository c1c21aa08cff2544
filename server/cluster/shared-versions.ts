import type { Database } from '../db/db-connection.ts';
import { raiseVersion } from '../db/version-counter.ts';
import type { ClusterSignals } from './cluster-signals.ts';
import type { Logger } from '../logging/logger.ts';
import type { SearchResultCache } from '../search-engine/search-result-cache.ts';
import { loadTerms, type Taxonomy } from '../taxonomy/taxonomy.ts';

/** The counters app instances sharing a database watch: the search index's and the taxonomy's. */
export interface SharedVersions {
  index: number;
  taxonomy: number;
}

/** Raises the shared index version: this instance changed the index, and Meilisearch applied it. */
export function bumpIndexVersion(db: Database, now: number): Promise<void> {
  return raiseVersion(db, 'search_index_version', now);
}

/** Both counters in one query (0 before the first change). */
export async function readSharedVersions(db: Database): Promise<SharedVersions> {
  const row = await db
    .select(db('search_index_version').where({ id: 1 }).select('version').as('index_version'), db('taxonomy_version').where({ id: 1 }).select('version').as('taxonomy_version'))
    .first();
  return { index: Number(row?.index_version ?? 0), taxonomy: Number(row?.taxonomy_version ?? 0) };
}

export interface SharedVersionWatcherOptions {
  db: Database;
  cache: SearchResultCache;
  /** Reloaded from the database when another instance changed topics or target groups. */
  taxonomy: Taxonomy;
  /** How often the versions are read; 0 turns watching (not announcing) off. */
  intervalMs: number;
  logger?: Logger;
  /** Called after an index change by another instance was noticed (besides dropping the cache). */
  onRemoteChange?: () => void;
  /** On PostgreSQL, a bump is also announced at once (LISTEN/NOTIFY); the poll stays as the safety net. */
  signals?: ClusterSignals;
}

/**
 * Keeps app instances sharing a database in step. A change this instance made
 * to the index raises `search_index_version`; a staff edit of the taxonomy
 * raises `taxonomy_version` in its own transaction. Every instance reads both
 * every `intervalMs` (and at once when PostgreSQL signals a bump): when the
 * index moved it drops its cached answers and pages, when the taxonomy moved
 * it reloads the terms (which drops them too). The cache's own time bound
 * stays as a safety net.
 */
export class SharedVersionWatcher {
  private seen: SharedVersions | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private bumping: Promise<void> = Promise.resolve();
  private bumpWanted = false;
  private checking: Promise<boolean> = Promise.resolve(false);
  private failures = 0;

  constructor(private readonly options: SharedVersionWatcherOptions) {
    options.cache.onLocalChange(() => this.announce());
    const checkNow = () => void this.check().catch(() => undefined);
    options.signals?.on('index-version', checkNow);
    options.signals?.on('taxonomy-version', checkNow);
  }

  async start(): Promise<void> {
    this.running = true;
    this.seen = await readSharedVersions(this.options.db);
    if (this.options.intervalMs > 0) this.schedule();
  }

  /** Tells the other instances this one changed the index; bumps never overlap, and a burst is one bump. */
  announce(): void {
    if (this.bumpWanted) return;
    this.bumpWanted = true;
    this.bumping = this.bumping.then(async () => {
      this.bumpWanted = false;
      try {
        await bumpIndexVersion(this.options.db, Date.now());
        this.options.signals?.send('index-version');
      } catch (error) {
        this.options.logger?.warn({ err: error }, 'index change not announced to other instances; their caches expire by time');
      }
    });
  }

  /**
   * Reads the versions once: drops the cache if another instance changed the
   * index, reloads the taxonomy if it changed. Answers whether anything moved.
   * Checks run one after the other, so a burst of signals reloads once.
   */
  check(): Promise<boolean> {
    const next = this.checking.catch(() => false).then(() => this.compare());
    this.checking = next;
    return next;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.bumping;
    await this.checking.catch(() => undefined);
  }

  private async compare(): Promise<boolean> {
    const versions = await readSharedVersions(this.options.db);
    const before = this.seen;
    if (before === undefined) {
      this.seen = versions;
      return false;
    }
    const taxonomyMoved = versions.taxonomy !== before.taxonomy;
    // Read after the version, so the terms are at least that new; a failed load is retried at the next check.
    if (taxonomyMoved) this.options.taxonomy.replaceTerms(await loadTerms(this.options.db));
    this.seen = versions;
    const indexMoved = versions.index !== before.index;
    if (indexMoved) {
      this.options.cache.invalidate({ announce: false });
      this.options.onRemoteChange?.();
    }
    return indexMoved || taxonomyMoved;
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.check();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 100 === 0) this.options.logger?.warn({ err: error }, 'shared versions not read; cached answers expire by time, the taxonomy stays as it is');
    }
    if (this.running) this.schedule();
  }
}
