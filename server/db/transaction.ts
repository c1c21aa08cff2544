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
