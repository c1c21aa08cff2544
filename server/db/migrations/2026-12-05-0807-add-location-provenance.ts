import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/** Where a location came from: its id in the list it was imported from, and that list (URL or name). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('locations', (table) => {
    table.text('external_id');
    table.text('source');
    table.index(['external_id'], 'locations_external_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('locations', (table) => {
    table.dropIndex(['external_id'], 'locations_external_id_index');
  });
  await dropColumns(knex, 'locations', ['external_id', 'source']);
}
