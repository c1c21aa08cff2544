import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/** The address is given on request (e.g. a shelter): the page shows the town only. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('locations', (table) => {
    table.boolean('address_on_request').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'locations', ['address_on_request']);
}
