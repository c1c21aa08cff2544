import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { openTimesOf } from '../../server/search/open-times.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

describe('open times of a weekly schedule', () => {
  it('a Saturday morning is none of weekday, afternoon or evening', () => {
    expect(openTimesOf([{ weekday: 6, opensAt: '09:00', closesAt: '12:00' }])).toEqual([]);
  });
  it('a weekday slot from 12:30 to 13:30 touches the afternoon; one ending at 18:00 sharp is not the evening', () => {
    expect(openTimesOf([{ weekday: 3, opensAt: '12:30', closesAt: '13:30' }])).toEqual(['weekday', 'afternoon']);
    expect(openTimesOf([{ weekday: 1, opensAt: '17:00', closesAt: '18:00' }])).toEqual(['weekday']);
  });
  it('a Sunday evening is the evening only', () => {
    expect(openTimesOf([{ weekday: 7, opensAt: '18:30', closesAt: '20:00' }])).toEqual(['evening']);
  });
});

describe('the "open" filter in the search and on the page', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    const place = await createProviderWithLocation(services.db);
    const offers = [
      ['Frühstückstreff am Samstag', [{ weekday: 6, opensAt: '09:00', closesAt: '11:00' }]],
      ['Hausaufgabenhilfe am Nachmittag', [{ weekday: 2, opensAt: '14:00', closesAt: '16:00' }]],
      ['Sprachkurs am Abend', [{ weekday: 4, opensAt: '18:30', closesAt: '20:30' }]],
    ] as const;
    for (const [title, schedule] of offers) await createOffer(services.offerDeps, offerInput(place, { title, schedule: [...schedule] }));
    await services.worker.drain();
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('finds offers open on a weekday, in the afternoon or in the evening; values are ORed', async () => {
    expect((await searchTitles(services, '', { open: ['weekday'] })).sort()).toEqual(['Hausaufgabenhilfe am Nachmittag', 'Sprachkurs am Abend']);
    expect(await searchTitles(services, '', { open: ['evening'] })).toEqual(['Sprachkurs am Abend']);
    expect((await searchTitles(services, '', { open: ['afternoon', 'evening'] })).sort()).toEqual(['Hausaufgabenhilfe am Nachmittag', 'Sprachkurs am Abend']);
  });

  it('the page offers the filter with counts and a chip, and an unknown value never widens the search', async () => {
    const page = await request(app).get('/search').query({ open: 'evening' }).expect(200);
    expect(page.text).toContain('1 Angebot gefunden');
    expect(page.text).toMatch(/name="open" value="evening" checked/);
    expect(page.text).toContain('abends (nach 18 Uhr)');
    const bad = await request(app).get('/search').query({ open: 'midnight' }).expect(400);
    expect(bad.text).toContain('Geöffnet');
    expect(bad.text).not.toContain('Frühstückstreff am Samstag');
    const api = await request(app).get('/api/v1/search').query({ open: 'afternoon' }).expect(200);
    expect(api.body.total).toBe(1);
    // Counts inside a facet leave its own choice out (disjunctive), so every open time is counted.
    expect(api.body.facets.open).toEqual({ weekday: 2, afternoon: 1, evening: 1 });
  });

  it('the age and "starts within 4 weeks" filters are in the panel and become chips', async () => {
    const page = await request(app).get('/search').query({ age: '7', startsWithin: '28' }).expect(200);
    expect(page.text).toMatch(/id="filter-age" name="age" type="number"[^>]*value="7"/);
    expect(page.text).toMatch(/name="startsWithin" value="28" checked/);
    expect(page.text).toContain('Alter: 7');
    expect(page.text).toContain('Beginnt in den nächsten 28 Tagen');
  });
});
