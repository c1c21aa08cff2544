import type { Knex } from 'knex';

/**
 * The search outbox: a row per offer whose public state changed, written in the
 * same transaction as the change and processed by the search sync worker.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('search_outbox', (table) => {
    table.increments('id');
    table.integer('offer_id').notNullable();
    table.timestamp('created_at').notNullable();
    table.timestamp('processed_at');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.index(['processed_at', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('search_outbox');
}
