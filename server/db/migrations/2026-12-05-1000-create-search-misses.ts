import type { Knex } from 'knex';

/**
 * Searches that found nothing, counted per day, language, town, topic and other
 * filters. No address, cookie or user: a visitor is a hash under a salt that
 * lives one day in memory, so visitors can be counted but never recognised.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('search_misses', (table) => {
    table.increments('id');
    table.string('day', 10).notNullable();
    table.string('query', 100).notNullable();
    table.string('locale', 8).notNullable();
    table.string('district', 80).notNullable();
    table.string('category', 80).notNullable();
    table.string('filters', 300).notNullable();
    table.string('visitor', 16).notNullable();
    table.integer('count').notNullable().defaultTo(1);
    table.unique(['day', 'query', 'locale', 'district', 'category', 'filters', 'visitor']);
    table.index(['query', 'locale']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('search_misses');
}
