import type { Knex } from 'knex';

/**
 * The few SQL spellings that differ between SQLite and PostgreSQL, in one
 * place. Everything else the app writes through Knex or in SQL both accept.
 */
function isPostgres(db: Knex | Knex.Transaction): boolean {
  return db.client.config.client === 'pg';
}

/**
 * A top-level field of a JSON text column as text, for comparing with a bound
 * value: `json_extract` in SQLite, `->>` in PostgreSQL. `key` is a literal from
 * the code, never user input.
 */
export function jsonField(db: Knex | Knex.Transaction, column: string, key: string): Knex.Raw {
  if (!/^[a-zA-Z_]+$/.test(key)) throw new Error(`jsonField: unexpected key ${key}`);
  return isPostgres(db) ? db.raw(`(??::json ->> '${key}')`, [column]) : db.raw(`json_extract(??, '$.${key}')`, [column]);
}

export { isPostgres };
