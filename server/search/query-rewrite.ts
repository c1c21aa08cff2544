import { tokenize, type SearchVocabulary } from './search-vocabulary.ts';

/** Word → the words it also finds (search-index-settings.ts, SYNONYMS). */
export type Synonyms = ReadonlyMap<string, readonly string[]>;

/** The index answers this word: it holds it (or one a typo away), or one of its synonyms. */
function answers(word: string, vocabulary: SearchVocabulary, synonyms: Synonyms): boolean {
  return vocabulary.knows(word) || (synonyms.get(word) ?? []).some((other) => vocabulary.has(other));
}

/** Joining sounds between the parts of a German compound ("Wohnung-s-hilfe", "Familie-n-treff"). */
const LINKING_ENDINGS = ['', 's', 'es', 'n', 'en', 'er'];
const MIN_PART = 3;

/**
 * Splits a German compound into a head and a tail the index knows
 * ("wohnungshilfe" → "wohnung", "hilfe"). A head that is a synonym key may keep
 * an unknown tail ("dolmetscherpool" → "dolmetscher", "pool"), so the compound
 * reaches the head's synonyms. Only Latin words of eight letters or more.
 */
export function splitCompound(word: string, vocabulary: SearchVocabulary, synonyms: Synonyms): [string, string] | null {
  if (word.length < 8 || !/^\p{Script=Latin}+$/u.test(word)) return null;
  for (let cut = word.length - MIN_PART; cut >= MIN_PART + 1; cut -= 1) {
    const tail = word.slice(cut);
    for (const ending of LINKING_ENDINGS) {
      if (!word.slice(0, cut).endsWith(ending)) continue;
      const head = word.slice(0, cut - ending.length);
      if (head.length < MIN_PART + 1) continue;
      const headHasSynonyms = synonyms.has(head) && answers(head, vocabulary, synonyms);
      if (!vocabulary.has(head) && !headHasSynonyms) continue;
      if (vocabulary.has(tail) || headHasSynonyms) return [head, tail];
    }
  }
  return null;
}

/**
 * Completes German ellipses: "Sprach- und Integrationskurse" means
 * "Sprachkurse und Integrationskurse". The shared tail is the shortest ending of
 * the second word that makes the first a word the index holds.
 */
export function completeEllipses(text: string, vocabulary: SearchVocabulary): string {
  return text.replace(/(\p{L}{2,})-\s*(und|oder|bzw\.?|sowie|&|,|\/)\s*(\p{L}{6,})/gu, (match, first: string, joiner: string, second: string) => {
    const lower = second.toLocaleLowerCase('de');
    for (let cut = lower.length - MIN_PART; cut >= 2; cut -= 1) {
      const tail = lower.slice(cut);
      if (vocabulary.has(`${first}${tail}`)) return `${first}${tail} ${joiner} ${second}`;
    }
    return match;
  });
}

/**
 * The text Meilisearch is asked for: ellipses completed, unknown compounds and
 * compounds of a synonym head split, and the words the index does not know
 * moved to the end. Meilisearch drops query words from the end when nothing
 * matches them all, so an unknown word must never stand first. Returns the
 * query unchanged when it has no word to work on.
 */
export function rewriteQueryText(q: string, vocabulary: SearchVocabulary, synonyms: Synonyms): string {
  if (!q || vocabulary.size === 0) return q;
  const words = tokenize(completeEllipses(q, vocabulary)).flatMap((word) => {
    if (synonyms.has(word)) return [word];
    const split = splitCompound(word, vocabulary, synonyms);
    // A compound the index holds stays whole, unless its head has synonyms and its tail is no word of its own ("-pool").
    if (split && (!vocabulary.knows(word) || (synonyms.has(split[0]) && !vocabulary.has(split[1])))) return split;
    return [word];
  });
  // Tokens under three characters ("1", "a") match too much to lead a query: they go last.
  const short = words.filter((word) => word.length < 3);
  const long = words.filter((word) => word.length >= 3);
  const known = long.filter((word) => answers(word, vocabulary, synonyms));
  const unknown = long.filter((word) => !answers(word, vocabulary, synonyms));
  return [...known, ...unknown, ...short].join(' ');
}
