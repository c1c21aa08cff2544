import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { normaliseEmail } from './account-repository.ts';

type Queryable = Database | Knex.Transaction;

/** Failures allowed per account and client address before the first pause. */
export const MAX_FAILED_LOGINS = 5;
const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60 * 1000;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const accountKey = (email: string) => hash(`account\n${normaliseEmail(email)}`);
const throttleKey = (email: string, clientAddress: string) => hash(`login\n${normaliseEmail(email)}\n${clientAddress}`);

/** How long a login is paused after `failures` failures: 1 min at the fifth, doubling, at most an hour. */
export function lockDuration(failures: number): number {
  if (failures < MAX_FAILED_LOGINS) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - MAX_FAILED_LOGINS), MAX_LOCK_MS);
}

/** Whether logins for this address typed from this client are paused now. */
export async function isLoginLocked(db: Queryable, email: string, clientAddress: string, now: Date): Promise<boolean> {
  const row = await db('login_throttle').where({ key: throttleKey(email, clientAddress) }).first('locked_until');
  return Boolean(row?.locked_until && row.locked_until > now.toISOString());
}

/**
 * Counts a failed login for this address and client, whether or not an account
 * has the address, so a lock says nothing about which addresses exist.
 * Answers whether the login is now paused, and whether this failure started the pause.
 * The count is raised in one upsert, so failures sent to several app instances
 * at once are all counted.
 */
export async function recordFailedLogin(db: Queryable, email: string, clientAddress: string, now: Date): Promise<{ locked: boolean; justLocked: boolean }> {
  const key = throttleKey(email, clientAddress);
  const updatedAt = now.toISOString();
  const [row] = await db('login_throttle')
    .insert({ key, account_key: accountKey(email), failures: 1, locked_until: null, updated_at: updatedAt })
    .onConflict('key')
    .merge({ failures: db.raw('login_throttle.failures + 1'), updated_at: updatedAt })
    .returning('failures');
  const failures = Number((row as { failures: number | string }).failures);
  const pause = lockDuration(failures);
  if (pause > 0) await db('login_throttle').where({ key }).update({ locked_until: new Date(now.getTime() + pause).toISOString() });
  return { locked: pause > 0, justLocked: failures === MAX_FAILED_LOGINS };
}

/** A successful login from a client clears its failures. */
export async function clearFailedLogins(db: Queryable, email: string, clientAddress: string): Promise<void> {
  await db('login_throttle').where({ key: throttleKey(email, clientAddress) }).delete();
}

/** A password reset lifts every pause on the account, from every client. */
export async function clearAccountThrottle(db: Queryable, email: string): Promise<void> {
  await db('login_throttle').where({ account_key: accountKey(email) }).delete();
}
