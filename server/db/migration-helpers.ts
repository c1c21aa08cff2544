import type { Knex } from 'knex';

/**
 * Drops columns with plain ALTER TABLE DROP COLUMN, which SQLite (3.35+) and
 * PostgreSQL both understand. Knex's dropColumn rebuilds the table on SQLite
 * instead, and inside a migration's transaction (foreign keys on) dropping the
 * old table would cascade-delete the rows that point at it.
 */
export async function dropColumns(knex: Knex, table: string, columns: string[]): Promise<void> {
  for (const column of columns) await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, column]);
}
