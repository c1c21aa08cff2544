import type { Knex } from 'knex';

/** An offer's title, summary and description in further locales. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('offer_translations', (table) => {
    table.integer('offer_id').notNullable().references('id').inTable('offers').onDelete('CASCADE');
    table.text('locale').notNullable();
    table.text('title').notNullable();
    table.text('summary').notNullable().defaultTo('');
    table.text('description').notNullable().defaultTo('');
    table.primary(['offer_id', 'locale']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('offer_translations');
}
