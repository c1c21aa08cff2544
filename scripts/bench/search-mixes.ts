/**
 * Realistic, varied search parameter mixes for the benchmark: a few German
 * search words or none, towns, languages, categories and target groups from the
 * taxonomy, some searches near a town centre, some on page 2, some sorted by
 * title. Deterministic for a seed, so every run sends the same searches.
 */
import { SeededRandom } from '../../server/demo/demo-random.ts';
import type { Region } from '../../server/region/region-config.ts';
import type { Taxonomy } from '../../server/taxonomy/taxonomy.ts';

export const SEARCH_WORDS = ['Deutschkurs', 'Beratung', 'Hausaufgabenhilfe', 'Kita', 'Sprachcafé', 'Frauen'] as const;

/** Languages asked for most often here, weighted like the demo generator's offer languages. */
const COMMON_LANGUAGES: Array<readonly [string, number]> = [['tr', 10], ['ar', 9], ['uk', 8], ['ru', 6], ['pl', 5], ['fa', 4], ['en', 4], ['ro', 2], ['kmr', 2]];
/** Target groups people narrow by; rarer ones (lgbtiq, unaccompanied minors …) seldom. */
const COMMON_TARGETS: Array<readonly [string, number]> = [['women', 6], ['children', 5], ['parents', 5], ['families', 4], ['youth', 4], ['refugees', 4], ['adults', 3], ['seniors', 2], ['new-arrivals', 2]];

export interface SearchMix {
  /** Query string without the leading "?", as a browser would send it. */
  query: string;
  /** What the mix contains, for the summary: q, district, near, page2, sort … */
  traits: string[];
}

export function buildSearchMixes(region: Region, taxonomy: Taxonomy, count = 60, seed = 7): SearchMix[] {
  const random = new SeededRandom(seed);
  const districts = region.districts;
  const languages = COMMON_LANGUAGES.filter(([code]) => taxonomy.has('language', code));
  const targets = COMMON_TARGETS.filter(([slug]) => taxonomy.has('target', slug));
  const topCategories = taxonomy.topCategories().map((term) => term.slug);
  const subCategories = taxonomy.terms('category').filter((term) => term.parent !== null).map((term) => term.slug);
  const mixes: SearchMix[] = [];
  const seen = new Set<string>();

  for (let attempt = 0; mixes.length < count && attempt < count * 20; attempt += 1) {
    const params = new URLSearchParams();
    const traits: string[] = [];
    // A third of the searches have no words: people click through towns and categories.
    if (random.chance(0.65)) {
      params.set('q', random.pick(SEARCH_WORDS));
      traits.push('q');
    }
    const near = random.chance(0.2);
    if (near) {
      const district = random.pick(districts);
      params.set('near', `${district.centre.lat},${district.centre.lng}`);
      params.set('radius', '5');
      traits.push('near');
    } else if (random.chance(0.5)) {
      const chosen = random.sample(districts, random.chance(0.15) ? 2 : 1);
      for (const district of chosen) params.append('district', district.slug);
      traits.push('district');
    }
    // Most searches narrow by one more thing or none; a few by two.
    const extras = random.sample(['language', 'category', 'target'] as const, random.weighted([[0, 5], [1, 4], [2, 1]] as const));
    for (const extra of extras) {
      if (extra === 'language') params.append('language', random.weighted(languages));
      else if (extra === 'category') params.append('category', random.chance(0.6) ? random.pick(topCategories) : random.pick(subCategories));
      else params.append('target', random.weighted(targets));
      traits.push(extra);
    }
    if (random.chance(0.15)) {
      params.set('sort', 'title');
      traits.push('sort=title');
    }
    if (random.chance(0.15)) {
      params.set('page', '2');
      traits.push('page=2');
    }
    if (traits.length === 0) traits.push('empty');
    const query = params.toString();
    if (seen.has(query)) continue;
    seen.add(query);
    mixes.push({ query, traits });
  }
  return mixes;
}

/** How many mixes have each trait, e.g. "q 39, district 21, near 12 …". */
export function describeMixes(mixes: SearchMix[]): string {
  const counts = new Map<string, number>();
  for (const mix of mixes) for (const trait of mix.traits) counts.set(trait, (counts.get(trait) ?? 0) + 1);
  return [...counts.entries()].map(([trait, n]) => `${trait} ${n}`).join(', ');
}
