import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { addDays, localIsoDate } from '../../server/offers/course-dates.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import type { OfferInput } from '../../server/offers/offer-types.ts';
import { parseSearchQuery } from '../../server/search/search-query.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

/** A fixed "today" for the app: 10:00 in Witten on 5 December 2026. */
const NOW = new Date('2026-12-05T09:00:00.000Z');
const TODAY = localIsoDate(NOW);

describe('filters for cost, age and course dates', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const apiTitles = async (query: string): Promise<string[]> => {
    const body = (await request(app).get(`/api/v1/search?${query}`).expect(200)).body as { hits: Array<{ title: string }> };
    return body.hits.map((hit) => hit.title).sort();
  };

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, clock: () => NOW, i18n: await createI18n() });
    const ids = await createProviderWithLocation(services.db);
    const offers: Array<Partial<OfferInput>> = [
      { title: 'Kostenloser Nähtreff', cost: 'free' },
      { title: 'Nähkurs Kosten erfragen', cost: 'unknown', costNote: 'bitte anrufen' },
      { title: 'Nähkurs für Erwachsene', cost: 'paid', ageMin: 18 },
      { title: 'Nähen für Kinder 6 bis 10', cost: 'free', ageMin: 6, ageMax: 10 },
      { title: 'Nähen ab 5', cost: 'free', ageMin: 5, ageMax: null },
      { title: 'Nähen bis 8', cost: 'free', ageMin: null, ageMax: 8 },
      { title: 'Nähen für Jugendliche', cost: 'reduced', ageMin: 12, ageMax: 18 },
      { title: 'Nähkurs startet bald', cost: 'reduced', startDate: addDays(TODAY, 10), endDate: addDays(TODAY, 100) },
      { title: 'Nähkurs nächste Runde bald', cost: 'reduced', startDate: addDays(TODAY, -90), endDate: addDays(TODAY, -5), nextStartDate: addDays(TODAY, 20) },
      { title: 'Nähkurs laufend Einstieg jederzeit', cost: 'reduced', startDate: addDays(TODAY, -30), endDate: addDays(TODAY, 60), rollingEntry: true },
      { title: 'Nähkurs startet später', cost: 'reduced', startDate: addDays(TODAY, 60), endDate: addDays(TODAY, 120) },
      { title: 'Nähkurs vorbei', cost: 'reduced', startDate: addDays(TODAY, -100), endDate: addDays(TODAY, -10), rollingEntry: true },
      { title: 'Nähkurs läuft ohne Einstieg', cost: 'reduced', startDate: addDays(TODAY, -20), endDate: addDays(TODAY, 40) },
    ];
    for (const overrides of offers) await createOffer(services.offerDeps, offerInput(ids, overrides));
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it('cost=free never returns an offer whose cost is unknown, and cost=unknown finds those', async () => {
    const free = await searchTitles(services, 'Nähen', { cost: ['free'] });
    const freeAll = await apiTitles('q=N%C3%A4h&cost=free');
    expect(freeAll).not.toContain('Nähkurs Kosten erfragen');
    expect(freeAll).toContain('Kostenloser Nähtreff');
    expect(free).not.toContain('Nähkurs Kosten erfragen');
    expect(await apiTitles('cost=unknown')).toEqual(['Nähkurs Kosten erfragen']);
    const facets = (await request(app).get('/api/v1/search').expect(200)).body.facets.cost as Record<string, number>;
    expect(facets).toMatchObject({ unknown: 1, free: 4, paid: 1 });
  });

  it('age=7 finds offers open to a seven-year-old, open bounds included, and not those for 12 to 18 or adults', async () => {
    const titles = await apiTitles('age=7&q=N%C3%A4hen');
    expect(titles).toEqual(['Nähen ab 5', 'Nähen bis 8', 'Nähen für Kinder 6 bis 10']);
    const all = await apiTitles('age=7');
    expect(all).toContain('Kostenloser Nähtreff');
    expect(all).not.toContain('Nähen für Jugendliche');
    expect(all).not.toContain('Nähkurs für Erwachsene');
    expect(await apiTitles('age=15&q=N%C3%A4hen')).toEqual(['Nähen ab 5', 'Nähen für Jugendliche']);
  });

  it('startsWithin=28 finds a course starting in 10 days, a next start in 20 days and a running course with rolling entry; not one in 60 days, one that ended or one running without entry', async () => {
    expect(await apiTitles('startsWithin=28')).toEqual(['Nähkurs laufend Einstieg jederzeit', 'Nähkurs nächste Runde bald', 'Nähkurs startet bald']);
    expect(await apiTitles('startsWithin=90')).toContain('Nähkurs startet später');
    const page = await request(app).get('/search?startsWithin=28').expect(200);
    expect(page.text).toContain('Nähkurs startet bald');
    expect(page.text).not.toContain('Nähkurs startet später');
  });

  it('counts the days from the app clock: the same search a month later no longer finds the course that started', async () => {
    const later = createApp({ ...services, clock: () => new Date(NOW.getTime() + 40 * 86_400_000), i18n: await createI18n() });
    const body = (await request(later).get('/api/v1/search?startsWithin=28').expect(200)).body as { hits: Array<{ title: string }> };
    expect(body.hits.map((hit) => hit.title).sort()).toEqual(['Nähkurs laufend Einstieg jederzeit', 'Nähkurs startet später']);
  });

  it('refuses a bad age or day count as a named problem instead of searching wider', async () => {
    for (const query of ['age=121', 'age=-1', 'age=sieben', 'startsWithin=0', 'startsWithin=400', 'startsWithin=1e3', 'age=7&age=8']) {
      const response = await request(app).get(`/api/v1/search?${query}`).expect(400);
      expect(JSON.stringify(response.body), query).toMatch(/age|startsWithin/);
    }
    const page = await request(app).get('/search?age=abc').expect(400);
    expect(page.text).not.toContain('Kostenloser Nähtreff');
    const parsed = parseSearchQuery({ age: '7', startsWithin: '28', cost: 'unknown' }, services.taxonomy, NOW);
    expect(parsed.problems).toEqual({});
    expect(parsed.query).toMatchObject({ age: 7, startsWithin: 28, startsFrom: '2026-12-05', cost: ['unknown'] });
  });
});
