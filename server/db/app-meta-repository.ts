import type { Database } from './db-connection.ts';

export async function readMeta(db: Database, key: string): Promise<string | undefined> {
  const row = await db('app_meta').where({ key }).first('value');
  return row?.value;
}

export async function writeMeta(db: Database, key: string, value: string): Promise<void> {
  await db('app_meta').insert({ key, value }).onConflict('key').merge();
}
