import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/** A free-text note on an offer's times, e.g. "nicht in den Schulferien". */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.text('schedule_note');
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offers', ['schedule_note']);
}
