import type { Knex } from 'knex';
import type { Database } from './db-connection.ts';

/** A database handle or an open transaction; services accept either. */
export type Queryable = Database | Knex.Transaction;

/**
 * Runs `work` in a transaction, reusing the caller's when one is open. The pool
 * holds one SQLite connection, so a query on the outer handle made while a
 * transaction is open would wait for that transaction (and time out): code that
 * may run inside a transaction takes its handle from here.
 */
export async function withTransaction<T>(db: Queryable, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Knex.Transaction);
  return db.transaction(work);
}

/**
 * Runs independent reads: side by side on the pool, one after another inside a
 * transaction. A transaction is one connection, and node-postgres takes one
 * query at a time on it (overlapping ones are deprecated and refused from pg 9).
 */
export async function readTogether<T extends readonly unknown[]>(db: Queryable, reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!db.isTransaction) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
