import type { Knex } from 'knex';
import { dropColumns } from '../migration-helpers.ts';

/** A weekly slot that takes place only every other week ("14-täglich"). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offer_schedules', (table) => {
    table.boolean('every_other_week').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offer_schedules', ['every_other_week']);
}
