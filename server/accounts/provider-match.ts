import { editDistance, foldPlaceName } from '../region/place-lookup.ts';

/** An organisation of the directory as the matcher sees it: its name and the towns of its places. */
export interface ProviderCandidate {
  id: number;
  name: string;
  towns: string[];
}

export interface ProviderMatch {
  id: number;
  name: string;
  towns: string[];
  /** One of its places is in the town the person typed. */
  sameTown: boolean;
  /** 0..1: how much of the two names agrees, word by word. */
  nameScore: number;
}

/**
 * Legal-form words that say nothing about which organisation it is: "e.V."
 * folds to "e v", "gGmbH" to "ggmbh". They are dropped before comparing, so
 * "Brücke e.V." and "Verein Brücke" compare by what is left.
 */
const LEGAL_FORMS = new Set(['e', 'v', 'ev', 'ggmbh', 'gmbh', 'mbh', 'ug', 'gug', 'eg', 'kg', 'ag', 'gag', 'haftungsbeschraenkt', 'gemeinnuetzige', 'gemeinnuetziger', 'verein', 'der', 'die', 'das', 'und', 'fuer']);

/** The words of an organisation's name that tell it apart, folded (case, umlauts, ß, accents, punctuation). */
export function organisationWords(name: string): string[] {
  const words = foldPlaceName(name).split(' ').filter((word) => word.length > 0);
  const telling = words.filter((word) => !LEGAL_FORMS.has(word));
  return telling.length > 0 ? telling : words;
}

/** Two words agree when equal, or close enough for a typo: one mistake per five letters, at most two. */
function wordsAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const allowed = Math.min(2, Math.floor(Math.min(a.length, b.length) / 5));
  return allowed > 0 && editDistance(a, b, allowed) <= allowed;
}

/** Share of the words of both names that have a partner in the other name (a Dice coefficient over words). */
export function nameSimilarity(typed: string, candidate: string): number {
  const a = organisationWords(typed);
  const b = organisationWords(candidate);
  if (a.length === 0 || b.length === 0) return 0;
  const matchedA = a.filter((word) => b.some((other) => wordsAgree(word, other))).length;
  const matchedB = b.filter((word) => a.some((other) => wordsAgree(word, other))).length;
  return (matchedA + matchedB) / (a.length + b.length);
}

/** Below this, a name is a different organisation that happens to share a word ("Caritas" vs "Caritas Jugendhilfe Schwelm Süd"). */
const MIN_NAME_SCORE = 0.5;

/**
 * The organisations that best match what a person typed at sign-up, best
 * first: by name, then those with a place in the typed town, at most `limit`.
 * An empty list means nothing is close enough to suggest.
 */
export function rankProviderMatches(typed: { name: string; town: string }, candidates: ProviderCandidate[], limit = 3): ProviderMatch[] {
  const town = foldPlaceName(typed.town);
  return candidates
    .map((candidate) => ({
      ...candidate,
      nameScore: nameSimilarity(typed.name, candidate.name),
      sameTown: town !== '' && candidate.towns.some((name) => foldPlaceName(name) === town),
    }))
    .filter((match) => match.nameScore >= MIN_NAME_SCORE)
    .sort((a, b) => b.nameScore + (b.sameTown ? 0.25 : 0) - (a.nameScore + (a.sameTown ? 0.25 : 0)) || a.name.localeCompare(b.name, 'de'))
    .slice(0, limit);
}
