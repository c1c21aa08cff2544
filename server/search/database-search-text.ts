import { OFFER_INDEXING_SETTINGS } from './search-index-settings.ts';

/** One typed word, with what it also finds (synonyms, each as its words); only the last typed word is a prefix. */
export interface TextTerm {
  word: string;
  prefix: boolean;
  alternatives: string[][];
}

/** The words of a search as the database search reads them: every term must match. */
export interface TextQuery {
  terms: TextTerm[];
}

/** Letters, digits and combining marks: everything else (quotes, `*`, `-`, `^`, `:`, brackets) only separates words. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MAX_TERMS = 10;
const MAX_ALTERNATIVES = 8;
const MAX_COMPOUNDS = 24;

const STOP_WORDS: ReadonlySet<string> = new Set((OFFER_INDEXING_SETTINGS.stopWords ?? []).map((word) => word.toLocaleLowerCase('de')));
const SYNONYMS: ReadonlyMap<string, string[]> = new Map(
  Object.entries(OFFER_INDEXING_SETTINGS.synonyms ?? {}).map(([word, others]) => [word.toLocaleLowerCase('de'), others]),
);

function wordsOf(text: string): string[] {
  return text.toLocaleLowerCase('de').match(WORD) ?? [];
}

/**
 * Reads typed text into terms. Only words survive, so FTS or tsquery syntax
 * in the input (quotes, NEAR, `*`, `-`, `^`, `title:`) can neither fail nor
 * widen a search; function words are left out like Meilisearch's stop words.
 * `compounds` names known compounds ending in a word, which also count as
 * matches (Meilisearch splits German compounds; FTS5 and tsvector do not).
 * Null when no word remains.
 */
export function readTextQuery(q: string, compounds: (word: string) => string[] = () => []): TextQuery | null {
  const words = wordsOf(q);
  const meaningful = words.filter((word) => !STOP_WORDS.has(word));
  const chosen = (meaningful.length > 0 ? meaningful : words).slice(0, MAX_TERMS);
  if (chosen.length === 0) return null;
  return {
    terms: chosen.map((word, index) => ({
      word,
      prefix: index === chosen.length - 1,
      alternatives: [
        ...(SYNONYMS.get(word) ?? []).map(wordsOf).filter((tokens) => tokens.length > 0).slice(0, MAX_ALTERNATIVES),
        ...compounds(word).slice(0, MAX_COMPOUNDS).map((compound) => [compound]),
      ],
    })),
  };
}

/** The query without its last word: Meilisearch drops words from the end when all of them find nothing. */
export function withoutLastTerm(text: TextQuery): TextQuery | null {
  return text.terms.length > 1 ? { terms: text.terms.slice(0, -1) } : null;
}

/**
 * An FTS5 MATCH expression: every term a quoted string (words only, so no
 * quote can end it early), synonyms ORed in, terms ANDed.
 */
export function toFtsMatch(text: TextQuery): string {
  return text.terms
    .map((term) => {
      const options = [`"${term.word}"${term.prefix ? '*' : ''}`, ...term.alternatives.map((tokens) => `"${tokens.join(' ')}"`)];
      return options.length > 1 ? `(${options.join(' OR ')})` : options[0];
    })
    .join(' AND ');
}

/**
 * One tsquery text per term, for `to_tsquery`: lexemes quoted (words only, so
 * no quote can end them), the typed word a prefix when last, synonyms ORed
 * in, a synonym of several words as a phrase.
 */
export function toTsQueryTerms(text: TextQuery): string[] {
  return text.terms.map((term) =>
    [`'${term.word}'${term.prefix ? ':*' : ''}`, ...term.alternatives.map((tokens) => tokens.map((token) => `'${token}'`).join(' <-> '))].join(' | '),
  );
}
