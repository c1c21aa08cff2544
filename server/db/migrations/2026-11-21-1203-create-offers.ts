import type { Knex } from 'knex';

/** Offers (HSDS service). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('offers', (table) => {
    table.increments('id');
    table.text('slug').notNullable().unique();
    table.integer('provider_id').notNullable().references('id').inTable('providers').onDelete('CASCADE');
    table.text('title').notNullable();
    table.text('summary').notNullable().defaultTo('');
    table.text('description').notNullable().defaultTo('');
    table.text('cost').notNullable().defaultTo('free');
    table.text('cost_note');
    table.integer('age_min');
    table.integer('age_max');
    table.boolean('by_appointment').notNullable().defaultTo(false);
    table.text('format').notNullable().defaultTo('in-person');
    table.boolean('registration_required').notNullable().defaultTo(false);
    table.boolean('childcare').notNullable().defaultTo(false);
    table.boolean('women_only').notNullable().defaultTo(false);
    table.text('contact_name');
    table.text('phone');
    table.text('email');
    table.text('url');
    table.date('valid_from');
    table.date('valid_until');
    table.text('status').notNullable().defaultTo('draft');
    table.timestamp('last_verified_at');
    table.timestamp('published_at');
    table.timestamp('created_at').notNullable();
    table.timestamp('updated_at').notNullable();
    table.index(['status']);
    table.index(['provider_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('offers');
}
