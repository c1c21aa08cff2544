import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * Where a translation came from. A machine translation names its provider and
 * when it was made; `source_hash` is the hash of the German texts it was made
 * from, so a changed German text shows which machine translations are stale.
 * Human translations keep `machine` false and never get re-made.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offer_translations', (table) => {
    table.boolean('machine').notNullable().defaultTo(false);
    table.text('machine_provider');
    table.timestamp('machine_made_at');
    table.text('source_hash');
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offer_translations', ['machine', 'machine_provider', 'machine_made_at', 'source_hash']);
}
