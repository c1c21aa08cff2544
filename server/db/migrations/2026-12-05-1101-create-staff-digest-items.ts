import type { Knex } from 'knex';

/**
 * What the staff digest already reported (a sign-up, a waiting offer or
 * revision), so each item is in exactly one digest.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_digest_items', (table) => {
    table.string('kind').notNullable();
    table.integer('item_id').notNullable();
    table.timestamp('reported_at').notNullable();
    table.primary(['kind', 'item_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_digest_items');
}
