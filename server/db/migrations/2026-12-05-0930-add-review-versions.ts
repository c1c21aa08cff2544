import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * A counter each edit of an offer or proposed change raises, so a decision can
 * name the version staff looked at and be refused when it changed since.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.schema.alterTable('offer_revisions', (table) => {
    table.integer('version').notNullable().defaultTo(1);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offer_revisions', ['version']);
  await dropColumns(knex, 'offers', ['version']);
}
