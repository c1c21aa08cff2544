import type { Knex } from 'knex';

/**
 * Leases for work that exactly one app instance may do at a time (draining the
 * search and mail outboxes, the maintenance job, start-up indexing). A lease is
 * held by one instance id until `expires_at` (milliseconds since the epoch, the
 * holder's clock); whoever finds it expired may take it over.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('worker_leases', (table) => {
    table.string('name', 64).primary();
    table.string('holder', 200).notNullable();
    table.bigInteger('expires_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('worker_leases');
}
