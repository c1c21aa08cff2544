import type { Knex } from 'knex';

/**
 * The mail outbox: a row per mail, written in the same transaction as the
 * change it reports and sent by the mail worker with retries. A sent row
 * keeps no body (its links may carry one-time tokens).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_outbox', (table) => {
    table.increments('id');
    table.text('recipient').notNullable();
    table.text('subject').notNullable();
    table.text('body').notNullable();
    table.timestamp('created_at').notNullable();
    // Null until a first attempt failed: a new mail is due at once, whatever clock queued it.
    table.timestamp('next_attempt_at');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.timestamp('sent_at');
    table.timestamp('parked_at');
    table.index(['sent_at', 'parked_at', 'next_attempt_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_outbox');
}
