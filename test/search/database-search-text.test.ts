import { describe, expect, it } from 'vitest';
import { readTextQuery, toFtsMatch, toTsQueryTerms, withoutLastTerm } from '../../server/search/database-search-text.ts';
import { SearchVocabulary } from '../../server/search/search-vocabulary.ts';

describe('reading typed words for the database search', () => {
  it('quotes every word, ORs in synonyms and makes only the last word a prefix', () => {
    expect(toFtsMatch(readTextQuery('Kita Witten')!)).toBe('("kita" OR "kindertagesstätte" OR "kindergarten" OR "kindertageseinrichtung" OR "kinderbetreuung" OR "betreuung") AND "witten"*');
    expect(toFtsMatch(readTextQuery('DaZ')!)).toBe('("daz"* OR "deutschkurs" OR "sprachkurs" OR "integrationskurs" OR "deutsch als zweitsprache")');
  });

  it('turns FTS syntax into plain words: quotes, NEAR, *, -, ^, column filters and brackets cannot reach the engine', () => {
    // "near" and "a" are English function words, left out like any other
    expect(toFtsMatch(readTextQuery('"Näh" NEAR(café treff, 2) -kurs ^eltern title:x* {a b}')!)).toBe(
      '"näh" AND "café" AND "treff" AND "2" AND "kurs" AND "eltern" AND "title" AND "x" AND "b"*',
    );
    expect(readTextQuery('" * - ^ : ( ) {} \\ \'')).toBeNull();
  });

  it('gives PostgreSQL one tsquery per term: quoted lexemes, prefix on the last word, synonym phrases with <->', () => {
    expect(toTsQueryTerms(readTextQuery('DaZ "Witten\' & !')!)).toEqual([
      "'daz' | 'deutschkurs' | 'sprachkurs' | 'integrationskurs' | 'deutsch' <-> 'als' <-> 'zweitsprache'",
      "'witten':*",
    ]);
  });

  it('asks for the known compounds ending in a word, since FTS5 and tsvector cannot split them', () => {
    const vocabulary = new SearchVocabulary();
    vocabulary.add(['Sozialberatung und Migrationsberatung', 'Beratungsstelle']);
    expect(toFtsMatch(readTextQuery('Beratung', (word) => vocabulary.compoundsEndingIn(word, 24))!)).toBe('("beratung"* OR "sprechstunde" OR "sozialberatung" OR "migrationsberatung")');
  });

  it('leaves out function words unless nothing else is typed', () => {
    expect(readTextQuery('Kurs für Frauen')!.terms.map((term) => term.word)).toEqual(['kurs', 'frauen']);
    expect(readTextQuery('für')!.terms.map((term) => term.word)).toEqual(['für']);
  });

  it('drops words from the end, never the first', () => {
    const text = readTextQuery('Nähcafé Eltern Witten')!;
    expect(withoutLastTerm(text)!.terms.map((term) => term.word)).toEqual(['nähcafé', 'eltern']);
    expect(withoutLastTerm(readTextQuery('Nähcafé')!)).toBeNull();
  });
});
