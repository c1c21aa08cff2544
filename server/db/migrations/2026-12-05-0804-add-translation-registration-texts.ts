import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/** The registration note and "what to bring" in further locales. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offer_translations', (table) => {
    table.text('registration_note');
    table.text('bring_along');
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offer_translations', ['registration_note', 'bring_along']);
}
