import type { Knex } from 'knex';

/** Locations (HSDS location + address): a provider has several. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('locations', (table) => {
    table.increments('id');
    table.integer('provider_id').notNullable().references('id').inTable('providers').onDelete('CASCADE');
    table.string('name').notNullable();
    table.string('street').notNullable();
    table.string('postcode').notNullable();
    table.string('city').notNullable();
    table.string('district').notNullable();
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
