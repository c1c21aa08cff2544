import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/** Staff may mark an offer "wird geprüft" on its public page while a problem report is open. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.boolean('under_review').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offers', ['under_review']);
}
