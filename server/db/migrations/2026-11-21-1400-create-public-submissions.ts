import type { Knex } from 'knex';

/**
 * Offers sent without an account. The row is kept before the confirmation mail
 * goes out; only a hash of the mailed token is stored. `offer_id` is set once the
 * link is opened and the offer is created.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('public_submissions', (table) => {
    table.increments('id');
    table.text('token_hash').notNullable().unique();
    table.timestamp('expires_at').notNullable();
    table.timestamp('confirmed_at');
    table.text('organisation_name').notNullable();
    table.text('organisation_kind').notNullable();
    table.text('contact_name').notNullable();
    table.text('email').notNullable();
    table.text('locale').notNullable();
    table.text('offer').notNullable();
    table.text('place');
    table.integer('offer_id').references('id').inTable('offers').onDelete('SET NULL');
    table.timestamp('created_at').notNullable();
    table.index(['offer_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('public_submissions');
}
