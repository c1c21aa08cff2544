import type { Knex } from 'knex';

/** Login sessions, in the shape connect-session-knex reads and writes. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (table) => {
    table.text('sid').primary();
    table.text('sess').notNullable();
    table.dateTime('expired').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
}
