import type { Offer } from '../offers/offer-types.ts';
import type { SearchQuery } from './search-query.ts';

/**
 * The programme an offer belongs to: its provider and its title without the
 * names of its own towns ("Rucksack KiTa – Witten" and "Rucksack KiTa –
 * Gevelsberg" of one provider are one programme).
 */
export function programmeKeyOf(offer: Pick<Offer, 'title' | 'locations'> & { provider: { slug: string } }): string {
  const towns = new Set(offer.locations.flatMap((location) => [location.city, location.district]).map((name) => name.toLocaleLowerCase('de')));
  const words = offer.title.toLocaleLowerCase('de').match(/[\p{L}\p{N}]+/gu) ?? [];
  return `${offer.provider.slug}:${words.filter((word) => !towns.has(word)).join(' ')}`;
}

/** Near-identical offers are grouped unless the search is about a place, where the town matters. */
export function groupsProgrammes(query: SearchQuery): boolean {
  return query.district.length === 0 && query.near === null && query.bbox === null && query.sort !== 'distance';
}

export interface ProgrammeSibling {
  label: string;
  url: string;
}

/**
 * Folds result cards of one programme on a page into the first of them, which
 * lists the others' places ("in 3 Orten: Witten, Gevelsberg, Hattingen").
 * Cards of a programme tie in relevance and so stand together; a sibling on
 * the next page stays there.
 */
export function groupProgrammeCards<Card extends { url: string; place: string }>(
  cards: Card[],
  keys: string[],
): Array<Card & { siblings: ProgrammeSibling[]; placeCount: number }> {
  const leaders = new Map<string, Card & { siblings: ProgrammeSibling[]; placeCount: number }>();
  const grouped: Array<Card & { siblings: ProgrammeSibling[]; placeCount: number }> = [];
  cards.forEach((card, index) => {
    const key = keys[index]!;
    const leader = leaders.get(key);
    if (leader) {
      leader.siblings.push({ label: card.place, url: card.url });
      leader.placeCount += 1;
      return;
    }
    const entry = { ...card, siblings: [] as ProgrammeSibling[], placeCount: 1 };
    leaders.set(key, entry);
    grouped.push(entry);
  });
  return grouped;
}
