import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/db-connection.ts';
import { upsertSearchMisses, type SearchMissRow } from './insights-repository.ts';

/** A search that found nothing, as counted: no address, cookie or user. */
export interface SearchMiss {
  query: string;
  locale: string;
  district: string;
  category: string;
  filters: string;
}

const FLUSH_INTERVAL_MS = 5_000;
const FLUSH_AT = 200;

/** Lowercase words, no punctuation, at most 100 characters: "Deutsch-Kurs!" and "deutsch-kurs" are one search. */
export function normaliseMissQuery(q: string): string {
  return q.toLocaleLowerCase('de').normalize('NFC').replace(/[^\p{L}\p{M}\p{N}\s-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
}

/**
 * Collects searches that found nothing and writes them in batches, off the
 * request's path. A visitor is counted as a hash of address and browser under
 * a random salt that changes every day and is never stored, so "three
 * different visitors" can be told without anyone being recognisable.
 */
export class SearchMissRecorder {
  private pending = new Map<string, SearchMissRow>();
  private salt = { day: '', value: '' };
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: { db: Database; clock: () => Date; onError: (error: unknown) => void }) {}

  /** Counts a search that found nothing at `at` (the app's clock, which tests move). */
  record(miss: SearchMiss, visitorKey: string, at: Date = this.deps.clock()): void {
    // After close() the database is going away: a late request is not counted.
    if (this.closed) return;
    const day = at.toISOString().slice(0, 10);
    const row: SearchMissRow = { day, ...miss, visitor: this.visitorHash(day, visitorKey), count: 1 };
    const key = JSON.stringify([row.day, row.query, row.locale, row.district, row.category, row.filters, row.visitor]);
    const existing = this.pending.get(key);
    if (existing) existing.count += 1;
    else this.pending.set(key, row);
    if (this.pending.size >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS).unref();
  }

  /** Writes what was collected; staff pages call it before reading. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.flushing.then(() => (rows.length > 0 ? upsertSearchMisses(this.deps.db, rows) : undefined)).catch(this.deps.onError);
    return this.flushing;
  }

  /** Writes what was collected and takes nothing more; called before the database closes. */
  close(): Promise<void> {
    this.closed = true;
    return this.flush();
  }

  private visitorHash(day: string, visitorKey: string): string {
    if (this.salt.day !== day) this.salt = { day, value: randomBytes(16).toString('hex') };
    return createHash('sha256').update(this.salt.value).update(visitorKey).digest('hex').slice(0, 16);
  }
}
