/**
 * The words the offers index holds (titles, summaries, labels in every UI
 * language, provider names, synonyms), kept in memory so a query can be read
 * before it is sent: compounds split into words the index knows, and words the
 * index does not know moved behind the ones it does (Meilisearch drops query
 * words from the end, so an unknown first word would otherwise empty the result).
 */
export class SearchVocabulary {
  private readonly words = new Set<string>();
  /** Every known word with one letter left out: finds words one edit away without scanning. */
  private readonly deletions = new Set<string>();

  get size(): number {
    return this.words.size;
  }

  /** Adds the words of these texts. */
  add(texts: Iterable<string | null | undefined>): void {
    for (const text of texts) {
      if (!text) continue;
      for (const word of tokenize(text)) this.addWord(word);
    }
  }

  private addWord(word: string): void {
    for (const form of new Set([word, foldUmlauts(word)])) {
      if (this.words.has(form)) continue;
      this.words.add(form);
      if (form.length >= 4) for (const variant of oneLetterLess(form)) this.deletions.add(variant);
    }
  }

  /** Whether the index holds exactly this word (case, umlaut spellings and ß aside). */
  has(word: string): boolean {
    const lower = word.toLocaleLowerCase('de');
    return this.words.has(lower) || this.words.has(foldUmlauts(lower));
  }

  /**
   * Known compounds ending in this word ("sozialberatung" for "beratung"), at
   * most `limit`: the database search, which cannot split compounds, asks for them too.
   */
  compoundsEndingIn(word: string, limit: number): string[] {
    const lower = word.toLocaleLowerCase('de');
    if (lower.length < 4) return [];
    const found: string[] = [];
    for (const known of this.words) {
      if (known.length > lower.length && known.endsWith(lower)) found.push(known);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Whether the index holds this word or one a single typo away (for words of four letters or more). */
  knows(word: string): boolean {
    const lower = foldUmlauts(word.toLocaleLowerCase('de'));
    if (this.has(lower)) return true;
    if (lower.length < 4) return false;
    if (this.deletions.has(lower)) return true;
    for (const variant of oneLetterLess(lower)) if (this.words.has(variant) || this.deletions.has(variant)) return true;
    return false;
  }
}

/** Lowercase words of a text in any script; digits count as words (postcodes). */
export function tokenize(text: string): string[] {
  return text.toLocaleLowerCase('de').normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** "Mütter" and "Muetter" are one word to a reader; Meilisearch folds ü to u. */
export function foldUmlauts(word: string): string {
  return word.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/ß/g, 'ss').replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

function oneLetterLess(word: string): string[] {
  const variants: string[] = [];
  for (let index = 0; index < word.length; index += 1) variants.push(word.slice(0, index) + word.slice(index + 1));
  return variants;
}
