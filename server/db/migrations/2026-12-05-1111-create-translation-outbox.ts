import type { Knex } from 'knex';

/**
 * Machine translations to make: one row per offer and language, asked for by
 * staff or a provider (`requested`, grouped in a batch whose progress the page
 * shows) or queued because the German text changed (`stale`). The translation
 * worker works through it with retries; `outcome` and `last_error` say what happened.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('translation_outbox', (table) => {
    table.increments('id');
    table.integer('offer_id').notNullable().references('id').inTable('offers').onDelete('CASCADE');
    table.string('locale').notNullable();
    table.string('reason').notNullable();
    table.string('batch');
    table.timestamp('created_at').notNullable();
    // Null until a first attempt failed: a new row is due at once.
    table.timestamp('next_attempt_at');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.string('outcome');
    table.timestamp('done_at');
    table.index(['done_at', 'next_attempt_at']);
    table.index(['batch']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('translation_outbox');
}
