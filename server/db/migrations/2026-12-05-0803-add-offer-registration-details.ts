import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * How to register, as data a page can translate: the ways (a JSON list of
 * fixed values, always read and written whole), a note, what to bring, and
 * whether an interpreter can be arranged.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.text('registration_methods').notNullable().defaultTo('[]');
    table.text('registration_note');
    table.text('bring_along');
    table.boolean('interpreter_on_request').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offers', ['registration_methods', 'registration_note', 'bring_along', 'interpreter_on_request']);
}
