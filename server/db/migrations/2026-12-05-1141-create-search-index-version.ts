import type { Knex } from 'knex';

/**
 * One counter raised by whichever app instance changed the search index, after
 * Meilisearch applied the change. Every instance watches it and drops its
 * cached answers when it moves. Its one row is written by the first change:
 * migrations leave tables empty, so a new database can take a copied one
 * (npm run migrate-to-postgres).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('search_index_version', (table) => {
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
    table.bigInteger('changed_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('search_index_version');
}
