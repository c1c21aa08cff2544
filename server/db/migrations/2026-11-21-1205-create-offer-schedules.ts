import type { Knex } from 'knex';

/** Weekly schedule (HSDS schedule): ISO weekday 1–7 with local start and end times. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('offer_schedules', (table) => {
    table.increments('id');
    table.integer('offer_id').notNullable().references('id').inTable('offers').onDelete('CASCADE');
    table.integer('weekday').notNullable();
    table.string('opens_at', 5).notNullable();
    table.string('closes_at', 5).notNullable();
    table.index(['offer_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('offer_schedules');
}
