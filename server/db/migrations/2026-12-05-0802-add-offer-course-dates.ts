import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * Dated courses: first and last day, the next start of a course that repeats,
 * and whether one can join a running course. Not the publication validity
 * (valid_from/valid_until).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.date('start_date');
    table.date('end_date');
    table.date('next_start_date');
    table.boolean('rolling_entry').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offers', ['start_date', 'end_date', 'next_start_date', 'rolling_entry']);
}
