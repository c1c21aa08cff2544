import type { Knex } from 'knex';

/** A provider created from a submission without an account stays unverified (and without a public page) until staff approve its offer. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('providers', (table) => {
    table.boolean('verified').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('providers', (table) => {
    table.dropColumn('verified');
  });
}
