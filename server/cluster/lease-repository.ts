import type { Database } from '../db/db-connection.ts';

/**
 * Takes the lease `name` for `holder` until `expiresAt` when it is free, expired
 * or already this holder's. One conditional UPDATE, so of two instances racing
 * for an expired lease exactly one changes the row; the row count says who.
 */
export async function takeLease(db: Database, name: string, holder: string, now: number, expiresAt: number): Promise<boolean> {
  const taken = await db('worker_leases')
    .where({ name })
    .andWhere((free) => free.where('holder', holder).orWhere('expires_at', '<', now))
    .update({ holder, expires_at: expiresAt });
  if (taken === 1) return true;
  // The first instance ever to ask finds no row: it inserts one (a racing insert is ignored) and asks again.
  const exists = await db('worker_leases').where({ name }).first('name');
  if (exists) return false;
  await db('worker_leases').insert({ name, holder: '', expires_at: 0 }).onConflict('name').ignore();
  return takeLease(db, name, holder, now, expiresAt);
}

/** Extends a lease this holder still has; false when another instance took it meanwhile. */
export async function renewLease(db: Database, name: string, holder: string, expiresAt: number): Promise<boolean> {
  return (await db('worker_leases').where({ name, holder }).update({ expires_at: expiresAt })) === 1;
}

/** Gives a lease up at once, so another instance need not wait for it to expire. */
export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db('worker_leases').where({ name, holder }).update({ expires_at: 0 });
}

/** Who holds which lease until when; for health and tests. */
export async function listLeases(db: Database): Promise<Array<{ name: string; holder: string; expiresAt: number }>> {
  const rows = await db('worker_leases').select('name', 'holder', 'expires_at').orderBy('name');
  return rows.map((row) => ({ name: String(row.name), holder: String(row.holder), expiresAt: Number(row.expires_at) }));
}
