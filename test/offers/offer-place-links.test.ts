import { describe, expect, it } from 'vitest';
import { createI18n } from '../../server/i18n/i18n.ts';
import { toScheduleRows } from '../../server/offers/offer-details-view.ts';
import { distanceText, routeUrl, searchOrigin } from '../../server/offers/offer-place-links.ts';
import { loadRegion } from '../../server/region/region-config.ts';
import type { ViewContext } from '../../server/web/view-context.ts';
import path from 'node:path';

const region = loadRegion(path.resolve(import.meta.dirname, '../../data/regions'), 'ennepe-ruhr-kreis');
const place = { addressOnRequest: false, precision: 'exact' as const, lat: 51.4437, lng: 7.3528, street: 'Ruhrstraße 1', postcode: '58452', city: 'Witten' };

async function context(locale: string): Promise<ViewContext> {
  const i18n = await createI18n();
  return { locale, t: i18n.getFixedT(locale) as ViewContext['t'], taxonomy: undefined as never, basePath: '/search' };
}

describe('where an offer is, from the reader’s point of view', () => {
  it('a route goes to the pin at the address, else to the written address, and never to an address given on request', () => {
    expect(routeUrl(place)).toBe('https://www.openstreetmap.org/directions?route=%3B51.4437%2C7.3528');
    expect(routeUrl({ ...place, precision: 'postcode' })).toBe('https://www.openstreetmap.org/directions?to=Ruhrstra%C3%9Fe%201%2C%2058452%20Witten');
    expect(routeUrl({ ...place, precision: 'town', street: null })).toBeNull();
    expect(routeUrl({ ...place, addressOnRequest: true })).toBeNull();
  });

  it('the search’s point comes from near= or from a place typed into where=; without either there is none', () => {
    expect(searchOrigin('/search?q=Kurs&near=51.4,7.3', region)).toEqual({ lat: 51.4, lng: 7.3, label: null });
    expect(searchOrigin('/search?where=Hattingen', region)?.label).toBe('Hattingen');
    expect(searchOrigin('/search?where=Nirgendwo', region)).toBeNull();
    expect(searchOrigin('/search?q=Kurs', region)).toBeNull();
    expect(searchOrigin(null, region)).toBeNull();
  });

  it('the distance names the searched place, and says "ca." for a pin that is not at the address', async () => {
    const t = (await context('de')).t;
    const origin = { lat: 51.4437, lng: 7.4528, label: 'Hattingen' };
    expect(distanceText(place, origin, 'de', t)).toBe('6,9 km von Hattingen');
    expect(distanceText({ ...place, precision: 'town' }, { ...origin, label: null }, 'de', t)).toBe('ca. 6,9 km entfernt');
    expect(distanceText(place, null, 'de', t)).toBeNull();
  });

  it('weekly times: days sharing a time are one row, three days in a row a range, in the reader’s words', async () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '12:15', everyOtherWeek: false }));
    const schedule = [...weekdays, { weekday: 6, opensAt: '10:00', closesAt: '12:00', everyOtherWeek: true }, { weekday: 7, opensAt: '09:00', closesAt: '12:15', everyOtherWeek: false }];
    expect(toScheduleRows({ schedule }, await context('de'))).toEqual([
      { days: 'Montag bis Freitag und Sonntag', from: '09:00', to: '12:15', rhythm: null },
      { days: 'Samstag', from: '10:00', to: '12:00', rhythm: 'alle 14 Tage' },
    ]);
    const arabic = toScheduleRows({ schedule: [weekdays[0]!, weekdays[2]!, weekdays[4]!] }, await context('ar'));
    // Arabic lists keep the Arabic comma, never a Latin one.
    expect(arabic[0]!.days).toMatch(/^الاثنين، .*الأربعاء، .*الجمعة$/);
    expect(arabic[0]!.days).not.toContain(',');
  });
});
