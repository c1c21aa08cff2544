import type { Region } from './region-config.ts';
import { townOf } from './region-config.ts';

export interface Place {
  label: string;
  lat: number;
  lng: number;
}

/** One way of writing a place of the region, folded for comparison, with what it stands for. */
interface PlaceName {
  folded: string;
  /** How the name is written back to a user (a suggestion puts this into `where=`). */
  display: string;
  place: Place;
}

/** Lower case, umlauts and ß spelt out, accents and punctuation gone: "Witten-Annen" and "witten annen" compare equal. */
export function foldPlaceName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const nameCache = new WeakMap<Region, PlaceName[][]>();

/**
 * The region's place names in order of precedence: towns and districts, then
 * quarters ("Annen", "Witten-Annen"), then the areas postcodes list. The first
 * tier that knows a name wins.
 */
function placeNames(region: Region): PlaceName[][] {
  const cached = nameCache.get(region);
  if (cached) return cached;
  const entry = (display: string, place: Place): PlaceName => ({ folded: foldPlaceName(display), display, place });
  const firstWords = region.districts.map((district) => foldPlaceName(district.name).split(' ')[0]);
  const districts = region.districts.flatMap((district, index) => {
    const place = { label: district.name, ...district.centre };
    const shortName = district.name.replace(/\s*\(.*\)\s*$/, '');
    const names = [entry(district.name, place), entry(shortName, place), entry(district.slug, place)];
    const firstWord = firstWords[index] ?? '';
    // "Wetter" for "Wetter (Ruhr)", unless several districts start alike ("Stadtbezirk 1", "Stadtbezirk 2")
    if (firstWords.filter((word) => word === firstWord).length === 1) names.push({ folded: firstWord, display: shortName, place });
    return names;
  });
  const quarters = region.districts.flatMap((district) =>
    (district.quarters ?? []).flatMap((quarter) => {
      const place = { label: `${quarter.name} (${district.name})`, ...quarter.centre };
      const town = townOf(district);
      return [entry(quarter.name, place), entry(`${town}-${quarter.name}`, place), entry(`${district.name.replace(/\s*\(.*\)\s*$/, '')}-${quarter.name}`, place)];
    }),
  );
  const areas = region.districts.flatMap((district) =>
    district.postcodes.flatMap((postcode) =>
      postcode.area.split(',').map((area) => entry(area.trim(), { label: `${area.trim()} (${district.name})`, lat: postcode.lat, lng: postcode.lng })),
    ),
  );
  const tiers = [districts, quarters, areas];
  nameCache.set(region, tiers);
  return tiers;
}

function findPostcode(region: Region, code: string): Place | undefined {
  for (const district of region.districts) {
    const postcode = district.postcodes.find((candidate) => candidate.code === code);
    if (postcode) return { label: `${postcode.code} ${townOf(district)}`, lat: postcode.lat, lng: postcode.lng };
  }
  return undefined;
}

/**
 * Finds a place of the region from what a user typed: a postcode ("58452",
 * "58452 Witten"), a town or district ("Wetter", "wetter-ruhr"), a quarter
 * ("Annen", "Witten-Annen") or a part of town a postcode area names ("Düren").
 */
export function findPlace(region: Region, text: string): Place | undefined {
  const wanted = foldPlaceName(text);
  if (!wanted) return undefined;
  const code = /^(\d{5})\b/.exec(wanted)?.[1];
  if (code) return findPostcode(region, code);
  for (const tier of placeNames(region)) {
    const exact = tier.find((name) => name.folded === wanted);
    if (exact) return exact.place;
  }
  // a single word of a postcode area ("Bommern" in "Witten-Mitte, Bommern")
  for (const name of placeNames(region)[2] ?? []) {
    if (name.folded.split(' ').includes(wanted)) return name.place;
  }
  return undefined;
}

/**
 * Whether the words name the whole region ("Leverkusen", or "Düsseldorf" for a
 * city of districts): no place to search around, since every offer lies in it.
 */
export function namesWholeRegion(region: Region, text: string): boolean {
  const wanted = foldPlaceName(text);
  if (wanted === foldPlaceName(region.name)) return true;
  return region.districts.some((district) => district.town !== undefined && foldPlaceName(district.town) === wanted);
}

/** Edit distance (insert, delete, replace one letter), stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** How many typing mistakes a word of this length may hold and still be recognised. */
function allowedMistakes(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  return length <= 10 ? 2 : 3;
}

/**
 * For a place the region does not know, the nearest name it does know
 * ("Gevelsburg" → "Gevelsberg"), written so that it can be searched for as it
 * stands; undefined when nothing is close enough to be a likely typo.
 */
export function suggestPlace(region: Region, text: string): string | undefined {
  const wanted = foldPlaceName(text);
  const limit = allowedMistakes(wanted.replace(/ /g, '').length);
  if (limit === 0 || /^\d/.test(wanted)) return undefined;
  let best: { display: string; distance: number } | undefined;
  for (const tier of placeNames(region)) {
    for (const name of tier) {
      const distance = editDistance(wanted, name.folded, best ? Math.min(limit, best.distance - 1) : limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { display: name.display, distance };
    }
  }
  return best?.display;
}

/** Every town, quarter and postcode, for the type-ahead list of the "near" field. */
const suggestionsByRegion = new WeakMap<Region, string[]>();

export function placeSuggestions(region: Region): string[] {
  // Made once per region: every search page lists them.
  let names = suggestionsByRegion.get(region);
  if (!names) {
    names = [
      ...region.districts.map((district) => district.name),
      ...region.districts.flatMap((district) => (district.quarters ?? []).map((quarter) => `${townOf(district)}-${quarter.name}`)),
      ...region.districts.flatMap((district) => district.postcodes.map((postcode) => `${postcode.code} ${postcode.area}`)),
    ];
    suggestionsByRegion.set(region, names);
  }
  return names;
}
