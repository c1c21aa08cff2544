import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * What staff did with a problem report: forwarded it to the provider, answered
 * the reporter, closed it with an outcome.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('problem_reports', (table) => {
    table.timestamp('forwarded_at');
    table.text('answer');
    table.timestamp('answered_at');
    table.text('outcome');
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'problem_reports', ['forwarded_at', 'answer', 'answered_at', 'outcome']);
}
