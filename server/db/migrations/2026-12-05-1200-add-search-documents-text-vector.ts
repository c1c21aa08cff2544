import type { Knex } from 'knex';
import { isPostgres } from '../sql-dialect.ts';

/** Each text group with its weight: titles A, labels B, summary and provider C, description and place D. */
const WEIGHTED = [
  ['text_title', 'A'],
  ['text_labels', 'B'],
  ["text_summary || ' ' || text_provider", 'C'],
  ["text_description || ' ' || text_place", 'D'],
] as const;

/**
 * PostgreSQL full text for the database search: a stored generated tsvector
 * with a GIN index. Every group is read twice, with the German configuration
 * (stems: "Kurse" finds "Kurs") and with `simple` (every word as written, for
 * names, translations and word beginnings). SQLite has FTS5 instead (see the
 * migration that created search_documents), so there this does nothing.
 */
export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  const vector = WEIGHTED.flatMap(([text, weight]) => ['german', 'simple'].map((config) => `setweight(to_tsvector('${config}', ${text}), '${weight}')`)).join(' || ');
  await knex.raw(`ALTER TABLE search_documents ADD COLUMN text_vector tsvector GENERATED ALWAYS AS (${vector}) STORED`);
  await knex.raw('CREATE INDEX search_documents_text_vector ON search_documents USING GIN (text_vector)');
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('DROP INDEX IF EXISTS search_documents_text_vector');
  await knex.raw('ALTER TABLE search_documents DROP COLUMN IF EXISTS text_vector');
}
