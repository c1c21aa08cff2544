import type { Knex } from 'knex';
import type { Database } from './db-connection.ts';

type Queryable = Database | Knex.Transaction;

export async function readMeta(db: Queryable, key: string): Promise<string | undefined> {
  const row = await db('app_meta').where({ key }).first('value');
  return row?.value;
}

export async function writeMeta(db: Queryable, key: string, value: string): Promise<void> {
  await db('app_meta').insert({ key, value }).onConflict('key').merge();
}
