import type { Knex } from 'knex';

/** When the provider was last asked whether an offer is still current. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.timestamp('reminder_sent_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.dropColumn('reminder_sent_at');
  });
}
