import type { Knex } from 'knex';

/** People who sign in: providers (linked to one provider organisation by staff), editors and admins. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (table) => {
    table.increments('id');
    table.text('email').notNullable().unique();
    table.text('password_hash').notNullable();
    table.text('display_name').notNullable();
    table.text('locale').notNullable().defaultTo('de');
    table.text('role').notNullable().defaultTo('provider');
    table.integer('provider_id').references('id').inTable('providers').onDelete('SET NULL');
    table.timestamp('email_verified_at');
    table.integer('failed_logins').notNullable().defaultTo(0);
    table.timestamp('locked_until');
    table.timestamp('created_at').notNullable();
    table.timestamp('updated_at').notNullable();
    table.index(['provider_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
