import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/**
 * What a provider typed at sign-up about their organisation, so staff can
 * find (or create) the organisation to link the account to. Staff accounts
 * leave both empty.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (table) => {
    table.string('organisation_name');
    table.string('organisation_town');
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'users', ['organisation_name', 'organisation_town']);
}
