import type { Knex } from 'knex';

/** Providers (HSDS organization). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('providers', (table) => {
    table.increments('id');
    table.string('slug').notNullable().unique();
    table.string('name').notNullable();
    table.text('description').notNullable().defaultTo('');
    table.string('kind').notNullable();
    table.string('website');
    table.string('email');
    table.string('phone');
    table.timestamp('created_at').notNullable();
    table.timestamp('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('providers');
}
