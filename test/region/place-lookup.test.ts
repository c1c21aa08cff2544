import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editDistance, findPlace, foldPlaceName, namesWholeRegion, placeSuggestions, suggestPlace } from '../../server/region/place-lookup.ts';
import { extractPlaceWords } from '../../server/search/place-words.ts';
import { distanceKm, loadRegion, type Region } from '../../server/region/region-config.ts';

const regionsDir = path.resolve(import.meta.dirname, '..', '..', 'data', 'regions');
const region = (slug: string): Region => loadRegion(regionsDir, slug);

function quarterCentre(slug: string, name: string) {
  const quarter = region(slug).districts.flatMap((district) => district.quarters ?? []).find((candidate) => candidate.name === name);
  if (!quarter) throw new Error(`no quarter ${name} in ${slug}`);
  return quarter.centre;
}

describe('place words of a region', () => {
  it('folds umlauts, ß, case and hyphens the same way', () => {
    expect(foldPlaceName('Witten-Rüdinghausen')).toBe('witten ruedinghausen');
    expect(foldPlaceName('  HAßLINGHAUSEN ')).toBe('hasslinghausen');
  });

  it('resolves a quarter typed alone, with its town, or spelt without umlauts to the quarter, not the town centre', () => {
    const erk = region('ennepe-ruhr-kreis');
    const annen = quarterCentre('ennepe-ruhr-kreis', 'Annen');
    for (const typed of ['Annen', 'Witten-Annen', 'witten annen', 'WITTEN-ANNEN']) {
      const place = findPlace(erk, typed);
      expect(place, typed).toMatchObject({ label: 'Annen (Witten)', lat: annen.lat, lng: annen.lng });
    }
    expect(findPlace(erk, 'Herbede')?.label).toBe('Herbede (Witten)');
    expect(findPlace(erk, 'Ruedinghausen')?.label).toBe('Rüdinghausen (Witten)');
    expect(findPlace(erk, 'Welper')?.label).toBe('Welper (Hattingen)');
    const witten = erk.districts.find((district) => district.slug === 'witten')!;
    expect(distanceKm(findPlace(erk, 'Herbede')!, witten.centre)).toBeGreaterThan(3);
  });

  it('still knows towns, postcodes and a postcode picked from the type-ahead list', () => {
    const erk = region('ennepe-ruhr-kreis');
    expect(findPlace(erk, 'Wetter')?.label).toBe('Wetter (Ruhr)');
    expect(findPlace(erk, '58452')?.label).toBe('58452 Witten');
    const fromList = placeSuggestions(erk).find((entry) => entry.startsWith('58456 '))!;
    expect(findPlace(erk, fromList)?.label).toBe('58456 Witten');
    expect(placeSuggestions(erk)).toContain('Witten-Annen');
  });

  it('knows each region\'s own quarters and postcodes, and not another region\'s', () => {
    expect(findPlace(region('duesseldorf'), 'Düsseldorf-Bilk')?.label).toMatch(/^Bilk \(Stadtbezirk 3/);
    expect(findPlace(region('duesseldorf'), 'Loerick')?.label).toMatch(/^Lörick \(Stadtbezirk 4/);
    expect(findPlace(region('duesseldorf'), 'Stadtbezirk 10')?.label).toMatch(/^Stadtbezirk 10/);
    expect(findPlace(region('duesseldorf'), '40595')?.label).toBe('40595 Düsseldorf');
    expect(findPlace(region('leverkusen'), 'Opladen')?.label).toMatch(/^Opladen \(Stadtbezirk II/);
    expect(findPlace(region('leverkusen'), 'Leverkusen-Schlebusch')?.label).toMatch(/^Schlebusch \(Stadtbezirk III/);
    expect(findPlace(region('solingen'), 'Solingen-Ohligs')?.label).toBe('Ohligs (Ohligs/Aufderhöhe/Merscheid)');
    expect(findPlace(region('solingen'), 'Gräfrath')?.label).toBe('Gräfrath');
    expect(findPlace(region('solingen'), 'Annen')).toBeUndefined();
    expect(findPlace(region('solingen'), '58452')).toBeUndefined();
  });

  it('takes the region\'s own name as the whole region, never as a point to search around', () => {
    expect(namesWholeRegion(region('duesseldorf'), 'Düsseldorf')).toBe(true);
    expect(namesWholeRegion(region('leverkusen'), 'leverkusen')).toBe(true);
    expect(namesWholeRegion(region('ennepe-ruhr-kreis'), 'Ennepe-Ruhr-Kreis')).toBe(true);
    expect(namesWholeRegion(region('ennepe-ruhr-kreis'), 'Witten')).toBe(false);
    expect(findPlace(region('duesseldorf'), 'Düsseldorf')).toBeUndefined();
    expect(extractPlaceWords('Deutschkurs Düsseldorf', region('duesseldorf'))).toBeNull();
  });

  it('reads a quarter of the region out of the search words', () => {
    expect(extractPlaceWords('Nachhilfe Oberbilk', region('duesseldorf'))).toEqual({ text: 'Nachhilfe', district: null, where: 'Oberbilk' });
    expect(extractPlaceWords('Sprachcafé in Solingen-Ohligs', region('solingen'))).toEqual({ text: 'Sprachcafé', district: null, where: 'Solingen-Ohligs' });
  });

  it('suggests the likely meant place for a misspelling, in the spelling that resolves', () => {
    const erk = region('ennepe-ruhr-kreis');
    expect(findPlace(erk, 'Gevelsburg')).toBeUndefined();
    expect(suggestPlace(erk, 'Gevelsburg')).toBe('Gevelsberg');
    expect(suggestPlace(erk, 'Witten-Anen')).toBe('Witten-Annen');
    expect(suggestPlace(erk, 'sprockhovel')).toBe('Sprockhövel');
    expect(suggestPlace(region('duesseldorf'), 'Kaiserwerth')).toBe('Kaiserswerth');
    expect(suggestPlace(region('leverkusen'), 'Schlebush')).toBe('Schlebusch');
    for (const suggestion of ['Gevelsberg', 'Witten-Annen', 'Sprockhövel']) expect(findPlace(erk, suggestion)).toBeDefined();
  });

  it('suggests nothing for a word that is not close to any place, or for a short or hostile input', () => {
    const erk = region('ennepe-ruhr-kreis');
    expect(suggestPlace(erk, 'Atlantis')).toBeUndefined();
    expect(suggestPlace(erk, 'xyz')).toBeUndefined();
    expect(suggestPlace(erk, '99999')).toBeUndefined();
    expect(suggestPlace(erk, '<script>alert(1)</script>'.repeat(4))).toBeUndefined();
  });

  it('measures edit distance by single-letter changes', () => {
    expect(editDistance('gevelsburg', 'gevelsberg')).toBe(1);
    expect(editDistance('annen', 'witten annen')).toBe(7);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});
