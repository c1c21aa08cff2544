import { findPlace } from '../region/place-lookup.ts';
import type { Region } from '../region/region-config.ts';

/** Quarter names that are everyday words too: in a query they stay words. */
const EVERYDAY_WORDS = new Set(['mitte', 'ende', 'berge', 'wald', 'burg', 'heide', 'feld', 'stadt', 'dorf', 'berg', 'holz', 'sud', 'nord', 'ost', 'west']);
/** Words that only tie a place to the rest of a query ("Deutschkurs in Witten"). */
const PLACE_PREPOSITIONS = new Set(['in', 'im', 'bei', 'nahe', 'um', 'near', 'at', 'around', 'rund']);

export interface PlaceWords {
  /** The query without the place words. */
  text: string;
  /** A town of the region: becomes a district filter. */
  district: string | null;
  /** A postcode or quarter: becomes the `where` of a distance search. */
  where: string | null;
}

function fold(text: string): string {
  return text.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

function districtNamed(region: Region, words: string): string | null {
  const wanted = fold(words);
  const district = region.districts.find((candidate) => {
    const name = fold(candidate.name);
    return name === wanted || fold(candidate.slug) === wanted || name.split(' ')[0] === wanted;
  });
  return district?.slug ?? null;
}

function isPlaceWord(region: Region, words: string): boolean {
  const folded = fold(words);
  if (folded.length < 3 || EVERYDAY_WORDS.has(folded)) return false;
  if (/^\d+$/.test(folded)) return /^\d{5}$/.test(folded) && findPlace(region, folded) !== undefined;
  return findPlace(region, words) !== undefined;
}

/**
 * Reads town, quarter and postcode words out of a query ("Sprachcafé Schwelm",
 * "Nachhilfe Herbede", "Hausaufgaben 58285"): they become a place restriction,
 * shown as a removable chip, instead of text to match, which would rank every
 * offer of that town above the right one. The longest match wins; one place
 * per query. Returns null when the query names no place.
 */
export function extractPlaceWords(q: string, region: Region): PlaceWords | null {
  const words = q.split(/\s+/).filter(Boolean);
  for (let size = Math.min(3, words.length); size >= 1; size -= 1) {
    for (let start = 0; start + size <= words.length; start += 1) {
      const candidate = words.slice(start, start + size).join(' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      const district = districtNamed(region, candidate);
      if (!district && !isPlaceWord(region, candidate)) continue;
      const before = words.slice(0, start);
      if (before.length > 0 && PLACE_PREPOSITIONS.has(fold(before[before.length - 1]!))) before.pop();
      const text = [...before, ...words.slice(start + size)].join(' ').trim();
      return { text, district, where: district ? null : candidate };
    }
  }
  return null;
}
