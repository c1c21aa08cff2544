import type { Knex } from 'knex';

/** Locations (HSDS location + address): a provider has several. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('locations', (table) => {
    table.increments('id');
    table.integer('provider_id').notNullable().references('id').inTable('providers').onDelete('CASCADE');
    table.text('name').notNullable();
    table.text('street').notNullable();
    table.text('postcode').notNullable();
    table.text('city').notNullable();
    table.text('district').notNullable();
    table.double('latitude');
    table.double('longitude');
    table.boolean('step_free').notNullable().defaultTo(false);
    table.timestamp('created_at').notNullable();
    table.timestamp('updated_at').notNullable();
    table.index(['provider_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('locations');
}
