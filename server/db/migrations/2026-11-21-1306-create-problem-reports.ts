import type { Knex } from 'knex';

/** Errors the public reports on an offer page, for staff to follow up. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('problem_reports', (table) => {
    table.increments('id');
    table.integer('offer_id').notNullable().references('id').inTable('offers').onDelete('CASCADE');
    table.text('message').notNullable();
    table.text('reporter_email');
    table.text('status').notNullable().defaultTo('open');
    table.timestamp('created_at').notNullable();
    table.timestamp('closed_at');
    table.integer('closed_by').references('id').inTable('users').onDelete('SET NULL');
    table.index(['status', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('problem_reports');
}
