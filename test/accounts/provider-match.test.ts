import { describe, expect, it } from 'vitest';
import { nameSimilarity, organisationWords, rankProviderMatches } from '../../server/accounts/provider-match.ts';

const directory = [
  { id: 1, name: 'Familienzentrum Sonnenschein e.V.', towns: ['Witten'] },
  { id: 2, name: 'Familienzentrum Sonnenschein', towns: ['Hattingen'] },
  { id: 3, name: 'Caritas Jugendhilfe gGmbH', towns: ['Schwelm'] },
  { id: 4, name: 'Sprachcafé Brücke', towns: ['Witten'] },
  { id: 5, name: 'Verein für Nachbarschaftshilfe Annen', towns: ['Witten'] },
];

describe('matching an organisation typed at sign-up to the directory', () => {
  it('folds case, umlauts, accents and punctuation, and leaves legal forms out', () => {
    expect(organisationWords('Sprachcafé BRÜCKE e.V.')).toEqual(['sprachcafe', 'bruecke']);
    expect(organisationWords('Caritas Jugendhilfe gGmbH')).toEqual(['caritas', 'jugendhilfe']);
    expect(nameSimilarity('sprachcafe bruecke', 'Sprachcafé Brücke e.V.')).toBe(1);
    expect(nameSimilarity('Caritas-Jugendhilfe', 'Caritas Jugendhilfe gGmbH')).toBe(1);
  });

  it('prefers the organisation with a place in the typed town among equal names', () => {
    expect(rankProviderMatches({ name: 'familienzentrum sonnenschein', town: 'Hattingen' }, directory).map((match) => [match.id, match.sameTown])).toEqual([[2, true], [1, false]]);
    expect(rankProviderMatches({ name: 'Familienzentrum Sonnenschein e. V.', town: 'witten' }, directory).map((match) => match.id)).toEqual([1, 2]);
  });

  it('tolerates one typing mistake in a long word, and a missing word', () => {
    expect(rankProviderMatches({ name: 'Nachbarschaftshlfe Annen e.V.', town: 'Witten' }, directory)).toEqual([
      { id: 5, name: 'Verein für Nachbarschaftshilfe Annen', towns: ['Witten'], nameScore: 1, sameTown: true },
    ]);
    expect(rankProviderMatches({ name: 'Jugendhilfe Caritas', town: 'Ennepetal' }, directory)[0]).toMatchObject({ id: 3, sameTown: false, nameScore: 1 });
  });

  it('suggests nothing when only a common word agrees', () => {
    expect(rankProviderMatches({ name: 'Familienzentrum Regenbogen Gevelsberg Nord', town: 'Gevelsberg' }, directory)).toEqual([]);
    expect(rankProviderMatches({ name: 'Tafel Witten', town: 'Witten' }, directory)).toEqual([]);
  });
});
