import type { Database } from '../db/db-connection.ts';
import type { ClusterSignals } from './cluster-signals.ts';
import type { Logger } from '../logging/logger.ts';
import type { SearchResultCache } from '../search-engine/search-result-cache.ts';

/** Raises the shared index version: this instance changed the index, and Meilisearch applied it. */
export async function bumpIndexVersion(db: Database, now: number): Promise<void> {
  await db('search_index_version')
    .insert({ id: 1, version: 1, changed_at: now })
    .onConflict('id')
    .merge({ version: db.raw('search_index_version.version + 1'), changed_at: now });
}

export async function readIndexVersion(db: Database): Promise<number> {
  const row = await db('search_index_version').where({ id: 1 }).first('version');
  return Number(row?.version ?? 0);
}

export interface IndexVersionWatcherOptions {
  db: Database;
  cache: SearchResultCache;
  /** How often the version is read; 0 turns watching (not announcing) off. */
  intervalMs: number;
  logger?: Logger;
  /** Called after a change by another instance was noticed (besides dropping the cache). */
  onRemoteChange?: () => void;
  /** On PostgreSQL, a bump is also announced at once (LISTEN/NOTIFY); the poll stays as the safety net. */
  signals?: ClusterSignals;
}

/**
 * Keeps the answer caches of app instances sharing a database in step: a
 * change this instance made to the index raises `search_index_version`, and
 * every instance reads it every `intervalMs` (and at once when PostgreSQL
 * signals a bump) and drops its cached answers and pages when it moved. The
 * cache's own time bound stays as a safety net.
 */
export class IndexVersionWatcher {
  private seen: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private bumping: Promise<void> = Promise.resolve();
  private bumpWanted = false;
  private failures = 0;

  constructor(private readonly options: IndexVersionWatcherOptions) {
    options.cache.onLocalChange(() => this.announce());
    options.signals?.on('index-version', () => void this.check().catch(() => undefined));
  }

  async start(): Promise<void> {
    this.running = true;
    this.seen = await readIndexVersion(this.options.db);
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

  /** Reads the version once and drops the cache if another instance changed the index; answers whether it did. */
  async check(): Promise<boolean> {
    const version = await readIndexVersion(this.options.db);
    const changed = this.seen !== undefined && version !== this.seen;
    this.seen = version;
    if (!changed) return false;
    this.options.cache.invalidate({ announce: false });
    this.options.onRemoteChange?.();
    return true;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.bumping;
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
      if (this.failures === 1 || this.failures % 100 === 0) this.options.logger?.warn({ err: error }, 'index version not read; cached answers expire by time');
    }
    if (this.running) this.schedule();
  }
}
