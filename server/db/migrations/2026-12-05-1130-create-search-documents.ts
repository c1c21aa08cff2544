import type { Knex } from 'knex';
import { isPostgres } from '../sql-dialect.ts';

/** The text columns of a search document, best-weighted first (see database-search-text.ts). */
const TEXT_COLUMNS = ['text_title', 'text_labels', 'text_summary', 'text_provider', 'text_description', 'text_place'];

/**
 * A database copy of the search documents, so search can answer from the
 * database while Meilisearch is down or hung. `facts` holds what filters,
 * facets and sorting read, `card` what a result card shows (both JSON); the
 * text columns feed SQLite FTS5 (an external-content table kept in step by
 * triggers). PostgreSQL gets its text vector in its own migration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('search_documents', (table) => {
    table.increments('key');
    table.string('id', 40).notNullable().unique();
    table.integer('offer_id').notNullable().index();
    table.integer('place_rank').notNullable();
    table.text('facts').notNullable();
    table.text('card').notNullable();
    for (const column of TEXT_COLUMNS) table.text(column).notNullable().defaultTo('');
  });
  if (isPostgres(knex)) return;
  const columns = TEXT_COLUMNS.join(', ');
  const values = (prefix: string) => TEXT_COLUMNS.map((column) => `${prefix}.${column}`).join(', ');
  await knex.raw(
    `CREATE VIRTUAL TABLE search_documents_fts USING fts5(${columns}, content='search_documents', content_rowid='key', tokenize='unicode61 remove_diacritics 2')`,
  );
  await knex.raw(`CREATE TRIGGER search_documents_fts_insert AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_documents_fts(rowid, ${columns}) VALUES (new.key, ${values('new')}); END`);
  await knex.raw(`CREATE TRIGGER search_documents_fts_delete AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_documents_fts(search_documents_fts, rowid, ${columns}) VALUES ('delete', old.key, ${values('old')}); END`);
  await knex.raw(`CREATE TRIGGER search_documents_fts_update AFTER UPDATE ON search_documents BEGIN
    INSERT INTO search_documents_fts(search_documents_fts, rowid, ${columns}) VALUES ('delete', old.key, ${values('old')});
    INSERT INTO search_documents_fts(rowid, ${columns}) VALUES (new.key, ${values('new')}); END`);
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) {
    for (const trigger of ['insert', 'delete', 'update']) await knex.raw(`DROP TRIGGER IF EXISTS search_documents_fts_${trigger}`);
    await knex.raw('DROP TABLE IF EXISTS search_documents_fts');
  }
  await knex.schema.dropTableIfExists('search_documents');
}
