import type { Knex } from 'knex';

/**
 * Failed logins per account and client address (both only as hashes). A lock
 * here holds one address back from one account, so no one can lock an admin
 * out from elsewhere, and an unknown address locks the same way as a known one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (table) => {
    table.text('key').primary();
    table.text('account_key').notNullable().index();
    table.integer('failures').notNullable().defaultTo(0);
    table.timestamp('locked_until');
    table.timestamp('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttle');
}
