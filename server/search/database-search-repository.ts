import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { isPostgres } from '../db/sql-dialect.ts';
import type { StoredSearchDocument } from './database-search-mapper.ts';
import { toFtsMatch, toTsQueryTerms, type TextQuery } from './database-search-text.ts';

type Queryable = Database | Knex.Transaction;

/** A document the text matched (all documents for a search without words), with its rank: lower is better. */
export interface CandidateRow {
  key: number;
  rank: number;
  facts: string;
}

export { isPostgres };

/** Replaces the documents of these offers with the given ones (none for an offer no longer public). */
export async function replaceOfferDocuments(trx: Queryable, offerIds: number[], documents: StoredSearchDocument[]): Promise<void> {
  for (let i = 0; i < offerIds.length; i += 500) await trx('search_documents').whereIn('offer_id', offerIds.slice(i, i + 500)).delete();
  for (let i = 0; i < documents.length; i += 50) await trx('search_documents').insert(documents.slice(i, i + 50));
}

export async function clearSearchDocuments(trx: Queryable): Promise<void> {
  await trx('search_documents').delete();
}

export async function countSearchDocuments(db: Queryable): Promise<number> {
  const row = await db('search_documents').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/**
 * Documents matching the words, best first, at most `limit`; without words
 * every document in key order. `firstPlacesOnly` keeps each offer's first place.
 */
export async function readCandidates(db: Database, text: TextQuery | null, options: { firstPlacesOnly: boolean; limit: number }): Promise<CandidateRow[]> {
  if (!text) {
    const query = db('search_documents').select('key', 'facts', db.raw('0 as rank')).orderBy('key').limit(options.limit);
    if (options.firstPlacesOnly) query.where('place_rank', 0);
    return query;
  }
  if (isPostgres(db)) return matchPostgres(db, text, options);
  const rows = await db.raw(
    `SELECT d.key AS key, d.facts AS facts, bm25(search_documents_fts, 10, 6, 4, 3, 1, 2) AS rank
       FROM search_documents_fts JOIN search_documents d ON d.key = search_documents_fts.rowid
      WHERE search_documents_fts MATCH ? ${options.firstPlacesOnly ? 'AND d.place_rank = 0' : ''}
      ORDER BY rank, d.key LIMIT ?`,
    [toFtsMatch(text), options.limit],
  );
  return rows as CandidateRow[];
}

/**
 * PostgreSQL: every term must match with the German or the simple
 * configuration (see the text-vector migration); ts_rank, negated so that
 * lower is better as with bm25.
 */
async function matchPostgres(db: Database, text: TextQuery, options: { firstPlacesOnly: boolean; limit: number }): Promise<CandidateRow[]> {
  const terms = toTsQueryTerms(text);
  const query = terms.map(() => "(to_tsquery('simple', ?) || to_tsquery('german', ?))").join(' && ');
  const result = await db.raw(
    `SELECT d.key AS key, d.facts AS facts, -ts_rank(d.text_vector, q.query) AS rank
       FROM search_documents d, (SELECT ${query} AS query) q
      WHERE d.text_vector @@ q.query ${options.firstPlacesOnly ? 'AND d.place_rank = 0' : ''}
      ORDER BY rank, d.key LIMIT ?`,
    [...terms.flatMap((term) => [term, term]), options.limit],
  );
  return (result as { rows: CandidateRow[] }).rows;
}

/** The stored cards of these documents, by key. */
export async function readCards(db: Database, keys: number[]): Promise<Map<number, string>> {
  if (keys.length === 0) return new Map();
  const rows: Array<{ key: number; card: string }> = await db('search_documents').whereIn('key', keys).select('key', 'card');
  return new Map(rows.map((row) => [row.key, row.card]));
}
