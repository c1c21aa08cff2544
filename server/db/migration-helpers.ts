import type { Knex } from 'knex';

/**
 * Drops columns with SQLite's own ALTER TABLE DROP COLUMN. Knex's dropColumn
 * rebuilds the table instead, and inside a migration's transaction (foreign keys
 * on) dropping the old table would cascade-delete the rows that point at it.
 */
export async function dropColumns(knex: Knex, table: string, columns: string[]): Promise<void> {
  for (const column of columns) await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, column]);
}
