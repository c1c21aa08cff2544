import type { Knex } from 'knex';
import { jsonField } from '../sql-dialect.ts';
import { dropColumns } from '../migration-helpers.ts';

/**
 * Why staff turned a new offer down, kept on the offer for its provider to read
 * (it used to be read back out of the audit log's JSON).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (table) => {
    table.text('rejection_reason').nullable();
  });
  await knex.raw(`UPDATE offers SET rejection_reason = (
    SELECT ? FROM audit_log
    WHERE audit_log.entity = 'offer' AND audit_log.action = 'reject' AND audit_log.entity_id = offers.id
    ORDER BY audit_log.id DESC LIMIT 1
  ) WHERE status = 'rejected'`, [jsonField(knex, 'audit_log.details', 'reason')]);
}

export async function down(knex: Knex): Promise<void> {
  await dropColumns(knex, 'offers', ['rejection_reason']);
}
