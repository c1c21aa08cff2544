import type { Knex } from 'knex';

/**
 * One counter raised by whichever app instance changed the search index, after
 * Meilisearch applied the change. Every instance watches it and drops its
 * cached answers when it moves.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('search_index_version', (table) => {
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
    table.bigInteger('changed_at').notNullable();
  });
  await knex('search_index_version').insert({ id: 1, version: 0, changed_at: 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('search_index_version');
}
