import pg from 'pg';
import type { DatabaseTarget } from '../config/config.ts';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';

/** What one instance tells the others: new rows in the search outbox; the index changed; staff changed the taxonomy. */
export type ClusterSignal = 'search-outbox' | 'index-version' | 'taxonomy-version';

const CHANNELS: Record<ClusterSignal, string> = {
  'search-outbox': 'wegweiser_search_outbox',
  'index-version': 'wegweiser_index_version',
  'taxonomy-version': 'wegweiser_taxonomy_version',
};
const RECONNECT_MAX_MS = 30_000;

export interface ClusterSignals {
  /** Tells every instance (this one too); never throws, a lost signal only means waiting for the next poll. */
  send(signal: ClusterSignal): void;
  on(signal: ClusterSignal, listener: () => void): void;
  close(): Promise<void>;
}

/** SQLite has no messages between processes: the polls alone carry the news. */
const NO_SIGNALS: ClusterSignals = { send: () => undefined, on: () => undefined, close: async () => undefined };

/**
 * On PostgreSQL, LISTEN/NOTIFY wakes the other instances at once: the outbox
 * lease holder after another instance's write, every answer cache after an
 * index change, every taxonomy after a staff edit. One connection of its own listens and reconnects with back-off
 * when it drops; the polls stay as the safety net either way.
 */
export function startClusterSignals(target: DatabaseTarget, db: Database, logger: Logger): ClusterSignals {
  if (target.client !== 'pg') return NO_SIGNALS;
  const listeners = new Map<string, Array<() => void>>();
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({ connectionString: target.url });
    next.on('notification', (message) => {
      for (const listener of listeners.get(message.channel) ?? []) listener();
    });
    next.on('error', () => reconnect(next));
    next.on('end', () => reconnect(next));
    try {
      await next.connect();
      for (const channel of Object.values(CHANNELS)) await next.query(`LISTEN ${channel}`);
      client = next;
      failures = 0;
    } catch (error) {
      if (failures === 0) logger.warn({ err: error }, 'cluster signals not received; instances fall back to polling');
      reconnect(next);
    }
  };
  const reconnect = (failed: pg.Client) => {
    if (closed || retry || (client !== undefined && client !== failed)) return;
    client = undefined;
    failed.end().catch(() => undefined);
    failures += 1;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, Math.min(250 * 2 ** failures, RECONNECT_MAX_MS));
    retry.unref();
  };
  void connect();

  return {
    send(signal) {
      db.raw('SELECT pg_notify(?, ?)', [CHANNELS[signal], '']).catch(() => undefined);
    },
    on(signal, listener) {
      listeners.set(CHANNELS[signal], [...(listeners.get(CHANNELS[signal]) ?? []), listener]);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
