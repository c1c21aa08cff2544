import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * The key an import derives from provider, title and place when a list has no
 * ids for its offers; the same row finds its offer again by it on the next import.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.text('import_key');
    table.index(['import_key'], 'offers_import_key_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.dropIndex(['import_key'], 'offers_import_key_index');
  });
  await dropColumns(knex, 'offers', ['import_key']);
}
