import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * How exact a place's pin is: 'exact', 'street', 'postcode' (centre) or 'town'
 * (centre). Places so far were pinned at their address. A place without street
 * or postcode keeps the columns' empty text: the domain reads it as null.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('locations', (table) => {
    table.text('geo_precision').notNullable().defaultTo('exact');
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'locations', ['geo_precision']);
}
