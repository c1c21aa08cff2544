import type { Knex } from 'knex';

/** Providers (HSDS organization). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('providers', (table) => {
    table.increments('id');
    table.text('slug').notNullable().unique();
    table.text('name').notNullable();
    table.text('description').notNullable().defaultTo('');
    table.text('kind').notNullable();
    table.text('website');
    table.text('email');
    table.text('phone');
    table.timestamp('created_at').notNullable();
    table.timestamp('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('providers');
}
