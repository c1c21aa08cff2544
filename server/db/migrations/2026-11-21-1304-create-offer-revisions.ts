import type { Knex } from 'knex';

/**
 * Proposed changes to a published offer. The published version stays public
 * until staff approve a revision; then its content replaces the offer's.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('offer_revisions', (table) => {
    table.increments('id');
    table.integer('offer_id').notNullable().references('id').inTable('offers').onDelete('CASCADE');
    table.text('proposed').notNullable();
    table.text('status').notNullable().defaultTo('pending');
    table.text('reason');
    table.integer('submitted_by').references('id').inTable('users').onDelete('SET NULL');
    table.timestamp('submitted_at').notNullable();
    table.integer('decided_by').references('id').inTable('users').onDelete('SET NULL');
    table.timestamp('decided_at');
    table.index(['status', 'submitted_at']);
    table.index(['offer_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('offer_revisions');
}
