import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';

type Queryable = Database | Knex.Transaction;

export type TokenPurpose = 'verify-email' | 'reset-password' | 'confirm-submission' | 'still-current';

/** The SHA-256 of a mailed token: all that is stored of it. */
export function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new token for a mailed link, and the hash to store instead of it. */
export function newMailToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: digest(token) };
}

/** Whether a link's token has the shape of ours, before any lookup. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** Creates a token for a mailed link; only its hash is stored. */
export async function issueToken(
  db: Queryable,
  fields: { purpose: TokenPurpose; userId?: number; offerId?: number; ttlMs: number; now: Date },
): Promise<string> {
  const { token, hash } = newMailToken();
  await db('one_time_tokens').insert({
    purpose: fields.purpose,
    token_hash: hash,
    user_id: fields.userId ?? null,
    offer_id: fields.offerId ?? null,
    expires_at: new Date(fields.now.getTime() + fields.ttlMs).toISOString(),
    created_at: fields.now.toISOString(),
  });
  return token;
}

/** Uses a token once: answers its user or offer, or undefined when unknown, used or expired. */
export async function consumeToken(
  db: Queryable,
  purpose: TokenPurpose,
  token: string,
  now: Date,
): Promise<{ userId: number | null; offerId: number | null } | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const row = await db('one_time_tokens').where({ purpose, token_hash: digest(token) }).whereNull('used_at').first();
  if (!row || row.expires_at < now.toISOString()) return undefined;
  const updated = await db('one_time_tokens').where({ id: row.id }).whereNull('used_at').update({ used_at: now.toISOString() });
  return updated === 1 ? { userId: row.user_id, offerId: row.offer_id } : undefined;
}

/** Ends every unused link of a purpose for a user: a new reset link makes older ones worthless. */
export async function revokeTokens(db: Queryable, purpose: TokenPurpose, userId: number, now: Date): Promise<number> {
  return db('one_time_tokens').where({ purpose, user_id: userId }).whereNull('used_at').update({ used_at: now.toISOString() });
}
