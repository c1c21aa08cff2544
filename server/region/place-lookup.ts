import type { Region } from './region-config.ts';

export interface Place {
  label: string;
  lat: number;
  lng: number;
}

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Finds a place of the region from what a user typed: a postcode ("58452"),
 * a town ("Wetter", "wetter-ruhr") or a quarter named by its postcode area ("Herbede").
 */
export function findPlace(region: Region, text: string): Place | undefined {
  const wanted = fold(text);
  if (!wanted) return undefined;
  for (const district of region.districts) {
    const postcode = district.postcodes.find((candidate) => candidate.code === wanted);
    if (postcode) return { label: `${postcode.code} ${district.name}`, lat: postcode.lat, lng: postcode.lng };
  }
  for (const district of region.districts) {
    if (fold(district.name) === wanted || fold(district.slug) === wanted || fold(district.name).split(' ')[0] === wanted) {
      return { label: district.name, ...district.centre };
    }
  }
  for (const district of region.districts) {
    const postcode = district.postcodes.find((candidate) => fold(candidate.area).split(' ').includes(wanted) || fold(candidate.area) === wanted);
    if (postcode) return { label: `${postcode.area} (${district.name})`, lat: postcode.lat, lng: postcode.lng };
  }
  return undefined;
}

/** Every postcode and town, for the type-ahead list of the "near" field. */
export function placeSuggestions(region: Region): string[] {
  return [
    ...region.districts.map((district) => district.name),
    ...region.districts.flatMap((district) => district.postcodes.map((postcode) => `${postcode.code} ${postcode.area}`)),
  ];
}
