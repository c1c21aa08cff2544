import type { Knex } from 'knex';

/** Taxonomy terms (HSDS taxonomy_term): categories, target groups, languages, districts, provider kinds. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('taxonomy_terms', (table) => {
    table.text('vocabulary').notNullable();
    table.text('slug').notNullable();
    table.text('parent_slug');
    table.integer('position').notNullable().defaultTo(0);
    table.text('attributes').notNullable().defaultTo('{}');
    table.primary(['vocabulary', 'slug']);
  });
  await knex.schema.createTable('taxonomy_labels', (table) => {
    table.text('vocabulary').notNullable();
    table.text('slug').notNullable();
    table.text('locale').notNullable();
    table.text('label').notNullable();
    table.primary(['vocabulary', 'slug', 'locale']);
    table.foreign(['vocabulary', 'slug']).references(['vocabulary', 'slug']).inTable('taxonomy_terms').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('taxonomy_labels');
  await knex.schema.dropTable('taxonomy_terms');
}
