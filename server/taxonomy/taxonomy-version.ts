import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';

/** Raises the shared taxonomy version; called inside the transaction that changed terms or labels. */
export async function bumpTaxonomyVersion(trx: Database | Knex.Transaction, now: Date): Promise<void> {
  await trx('taxonomy_version')
    .insert({ id: 1, version: 1, changed_at: now.getTime() })
    .onConflict('id')
    .merge({ version: trx.raw('taxonomy_version.version + 1'), changed_at: now.getTime() });
}
