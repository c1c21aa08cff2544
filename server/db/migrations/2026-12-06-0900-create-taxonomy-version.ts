import type { Knex } from 'knex';

/**
 * One counter raised in the same transaction as every staff change to topics
 * or target groups. Every app instance watches it (with the index version) and
 * reloads its taxonomy when it moves. Like `search_index_version`, its one row
 * is written by the first change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('taxonomy_version', (table) => {
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
    table.bigInteger('changed_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('taxonomy_version');
}
