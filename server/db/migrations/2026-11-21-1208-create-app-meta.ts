import type { Knex } from 'knex';

/** Small key/value facts the app keeps about itself (for example the applied search settings). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('app_meta', (table) => {
    table.text('key').primary();
    table.text('value').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('app_meta');
}
