import type { Knex } from 'knex';

/** Links sent by mail (verify e-mail, reset password, confirm a submission, still current): only a hash is kept. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('one_time_tokens', (table) => {
    table.increments('id');
    table.text('purpose').notNullable();
    table.text('token_hash').notNullable().unique();
    table.integer('user_id').references('id').inTable('users').onDelete('CASCADE');
    table.integer('offer_id').references('id').inTable('offers').onDelete('CASCADE');
    table.timestamp('expires_at').notNullable();
    table.timestamp('used_at');
    table.timestamp('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('one_time_tokens');
}
