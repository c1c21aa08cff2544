import type { Knex } from 'knex';

/** Taxonomy terms (HSDS taxonomy_term): categories, target groups, languages, districts, provider kinds. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('taxonomy_terms', (table) => {
    table.string('vocabulary').notNullable();
    table.string('slug').notNullable();
    table.string('parent_slug');
    table.integer('position').notNullable().defaultTo(0);
    table.text('attributes').notNullable().defaultTo('{}');
    table.primary(['vocabulary', 'slug']);
  });
  await knex.schema.createTable('taxonomy_labels', (table) => {
    table.string('vocabulary').notNullable();
    table.string('slug').notNullable();
    table.string('locale').notNullable();
    table.string('label').notNullable();
    table.primary(['vocabulary', 'slug', 'locale']);
    table.foreign(['vocabulary', 'slug']).references(['vocabulary', 'slug']).inTable('taxonomy_terms').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('taxonomy_labels');
  await knex.schema.dropTable('taxonomy_terms');
}
