import type { Knex } from 'knex';

/** Who changed what and when; written in the same transaction as the change. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (table) => {
    table.increments('id');
    table.integer('actor_user_id').references('id').inTable('users').onDelete('SET NULL');
    table.text('actor_label').notNullable();
    table.text('action').notNullable();
    table.text('entity').notNullable();
    table.integer('entity_id');
    table.text('details').notNullable().defaultTo('{}');
    table.timestamp('created_at').notNullable();
    table.index(['entity', 'entity_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
