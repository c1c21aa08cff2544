import type { Knex } from 'knex';

/** Where an offer runs and how it is classified: locations, categories, target groups, languages. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('offer_locations', (table) => {
    table.integer('offer_id').notNullable().references('id').inTable('offers').onDelete('CASCADE');
    table.integer('location_id').notNullable().references('id').inTable('locations').onDelete('RESTRICT');
    table.primary(['offer_id', 'location_id']);
    table.index(['location_id']);
  });
  for (const [name, column] of [
    ['offer_categories', 'category'],
    ['offer_target_groups', 'target_group'],
    ['offer_languages', 'language'],
  ] as const) {
    await knex.schema.createTable(name, (table) => {
      table.integer('offer_id').notNullable().references('id').inTable('offers').onDelete('CASCADE');
      table.text(column).notNullable();
      table.primary(['offer_id', column]);
      table.index([column]);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('offer_languages');
  await knex.schema.dropTable('offer_target_groups');
  await knex.schema.dropTable('offer_categories');
  await knex.schema.dropTable('offer_locations');
}
