import type { Knex } from 'knex';

/**
 * A place typed into an offer form is not shown on the provider's public page
 * until staff approve an offer or change held there. Places staff enter are reviewed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('locations', (table) => {
    table.boolean('reviewed').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('locations', (table) => {
    table.dropColumn('reviewed');
  });
}
