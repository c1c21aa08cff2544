import session from 'express-session';
import type { Database } from '../db/db-connection.ts';
import { jsonField } from '../db/sql-dialect.ts';
import { StorageUnavailableError } from '../errors/app-errors.ts';
import type { Logger } from '../logging/logger.ts';

type Callback = (error?: unknown) => void;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Sessions in the `sessions` table (sid, sess as JSON, expired as ISO time).
 * Replaces connect-session-knex, whose methods reject after calling back:
 * express-session never awaits them, so a failed write (disk full, read-only
 * database) became an unhandled rejection that ended the process. Here every
 * error goes to the callback and nowhere else; a failed write is a
 * StorageUnavailableError (503), a failed touch is only logged.
 */
export class SqliteSessionStore extends session.Store {
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: { db: Database; logger?: Logger; cleanupIntervalMs?: number }) {
    super();
    if (options.cleanupIntervalMs) {
      this.cleanupTimer = setInterval(() => void this.removeExpired().catch(() => undefined), options.cleanupIntervalMs);
      this.cleanupTimer.unref();
    }
  }

  override get(sid: string, callback: (error: unknown, session?: session.SessionData | null) => void): void {
    this.options.db('sessions').where({ sid }).andWhere('expired', '>', new Date().toISOString()).first('sess').then(
      (row) => callback(null, row ? (JSON.parse(row.sess as string) as session.SessionData) : null),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const expired = new Date(Date.now() + (data.cookie?.maxAge ?? DAY_MS)).toISOString();
    this.options.db
      .raw('INSERT INTO sessions (sid, sess, expired) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET sess = excluded.sess, expired = excluded.expired', [sid, JSON.stringify(data), expired])
      .then(() => callback?.(), (error: unknown) => callback?.(new StorageUnavailableError({ cause: error })));
  }

  /** Extends a session's life; when that cannot be written the visit goes on, the session just ends sooner. */
  override touch(sid: string, data: session.SessionData, callback?: Callback): void {
    const expired = new Date(Date.now() + (data.cookie?.maxAge ?? DAY_MS)).toISOString();
    this.options.db('sessions').where({ sid }).update({ expired }).then(
      () => callback?.(),
      (error: unknown) => {
        this.options.logger?.warn({ err: error }, 'session not extended (database not writable)');
        callback?.();
      },
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.options.db('sessions').where({ sid }).delete().then(
      () => callback?.(),
      (error: unknown) => callback?.(new StorageUnavailableError({ cause: error })),
    );
  }

  /** Stops the cleanup timer (tests and shutdown). */
  close(): void {
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
  }

  private async removeExpired(): Promise<void> {
    await this.options.db('sessions').where('expired', '<=', new Date().toISOString()).delete();
  }
}

/** Ends every session of an account except one (the one that asked, if any): after a password reset. */
export async function endSessionsOfUser(db: Database | import('knex').Knex.Transaction, userId: number, exceptSid?: string): Promise<number> {
  const query = db('sessions').whereRaw('? = ?', [jsonField(db, 'sess', 'userId'), userId]);
  return (exceptSid ? query.andWhereNot({ sid: exceptSid }) : query).delete();
}
