import type { Knex } from 'knex';

/** A search outbox row that failed too often is parked: kept for staff to see, no longer retried. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('search_outbox', (table) => {
    table.timestamp('parked_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('search_outbox', (table) => {
    table.dropColumn('parked_at');
  });
}
