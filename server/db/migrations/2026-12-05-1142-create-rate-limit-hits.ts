import type { Knex } from 'knex';

/**
 * Requests counted per rate limiter, client key and fixed time window, so that
 * every app instance behind a load balancer counts against the same limit.
 * `expires_at` (milliseconds since the epoch) is the window's end; older rows
 * are deleted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limit_hits', (table) => {
    table.string('limiter', 40).notNullable();
    table.string('client_key', 200).notNullable();
    table.bigInteger('window_start').notNullable();
    table.integer('hits').notNullable();
    table.bigInteger('expires_at').notNullable().index();
    table.primary(['limiter', 'client_key', 'window_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limit_hits');
}
