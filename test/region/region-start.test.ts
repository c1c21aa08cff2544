import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { distanceKm } from '../../server/region/region-config.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';

interface RegionCase {
  slug: string;
  organisation: string;
  /** A search only this region's demo directory answers, and the title it must find. */
  ownOffer: { q: string; title: RegExp };
  quarter: { typed: string; name: string; label: RegExp };
  misspelt: { typed: string; meant: string };
}

const cases: RegionCase[] = [
  {
    slug: 'solingen',
    organisation: 'Kommunales Integrationszentrum Solingen',
    ownOffer: { q: 'Mobiler Dolmetscherdienst', title: /^Mobiler Dolmetscherdienst/ },
    quarter: { typed: 'Solingen-Ohligs', name: 'Ohligs', label: /^Ohligs \(/ },
    misspelt: { typed: 'Grafrat', meant: 'Gräfrath' },
  },
  {
    slug: 'duesseldorf',
    organisation: 'Kommunales Integrationszentrum Düsseldorf',
    ownOffer: { q: 'Laiendolmetscher', title: /^Laiendolmetscher-Netzwerk Düsseldorf$/ },
    quarter: { typed: 'Oberbilk', name: 'Oberbilk', label: /^Oberbilk \(Stadtbezirk 3/ },
    misspelt: { typed: 'Kaiserwerth', meant: 'Kaiserswerth' },
  },
  {
    slug: 'leverkusen',
    organisation: 'Kommunales Integrationszentrum Leverkusen',
    ownOffer: { q: 'Sprachpaten', title: /^Sprachpaten – / },
    quarter: { typed: 'Leverkusen-Opladen', name: 'Opladen', label: /^Opladen \(Stadtbezirk II/ },
    misspelt: { typed: 'Schlebush', meant: 'Schlebusch' },
  },
];

describe.each(cases)('REGION=$slug serves its own demo directory', (regionCase) => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices({ REGION: regionCase.slug, DEMO_DATA: 'true' });
    app = createApp({ ...services, i18n: await createI18n() });
  }, 240_000);
  afterAll(async () => services?.close());

  it('names the region and shows the KI\'s contact in the footer', async () => {
    const page = await request(app).get('/').expect(200);
    expect(page.text).toContain(regionCase.organisation);
    const footer = page.text.slice(page.text.indexOf('<footer'));
    expect(footer).toContain(`mailto:${services.region.contact!.email}`);
    expect(footer).toContain(services.region.contact!.street);
    for (const district of services.region.districts) expect(page.text).toContain(district.name);
    const example = services.region.placeExample;
    expect(page.text).toContain(`placeholder="z. B. ${example.postcode} oder ${example.place}"`);
    expect(services.region.districts.some((district) => district.postcodes.some((postcode) => postcode.code === example.postcode))).toBe(true);
  });

  it('finds the region\'s own kind of offer by search, and nothing of another region', async () => {
    const result = (await request(app).get(`/api/v1/search?q=${encodeURIComponent(regionCase.ownOffer.q)}`).expect(200)).body;
    expect(result.hits[0]?.title).toMatch(regionCase.ownOffer.title);
    const districts = new Set(services.region.districts.map((district) => district.slug));
    const all = (await request(app).get('/api/v1/search').expect(200)).body;
    expect(all.total).toBeGreaterThan(200);
    for (const hit of all.hits) for (const district of hit.districts) expect(districts).toContain(district);
  });

  it('resolves a quarter in where= to that quarter and sorts by distance from it', async () => {
    const page = await request(app).get(`/search?where=${encodeURIComponent(regionCase.quarter.typed)}`).expect(200);
    expect(page.text).toMatch(new RegExp(`id="where"[^>]*value="${regionCase.quarter.label.source.replace(/^\^/, '')}`));
    const result = (await request(app).get(`/api/v1/search?where=${encodeURIComponent(regionCase.quarter.typed)}`).expect(200)).body;
    expect(result.total).toBeGreaterThan(0);
    const quarter = services.region.districts.flatMap((district) => district.quarters ?? []).find((candidate) => candidate.name === regionCase.quarter.name)!;
    const distances = result.hits.map((hit: { location: { lat: number; lng: number } }) => distanceKm(quarter.centre, hit.location));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances.every((km: number) => km <= 5.05)).toBe(true);
  });

  it('takes the region\'s own name in where= as all of it', async () => {
    const all = (await request(app).get('/api/v1/search').expect(200)).body;
    const named = (await request(app).get(`/api/v1/search?where=${encodeURIComponent(services.region.name)}`).expect(200)).body;
    expect(named.total).toBe(all.total);
  });

  it('answers a misspelt place with "Meinten Sie …?" on the page and in the API problem', async () => {
    const page = await request(app).get(`/search?where=${encodeURIComponent(regionCase.misspelt.typed)}`).expect(400);
    const link = new RegExp(`<p class="did-you-mean"><a href="([^"]+)"[^>]*>Meinten Sie „${regionCase.misspelt.meant}“\\?</a>`);
    const href = link.exec(page.text)?.[1];
    expect(href).toBeDefined();
    await request(app).get(href!.replace(/&amp;/g, '&')).expect(200);
    const problem = await request(app).get(`/api/v1/search?where=${encodeURIComponent(regionCase.misspelt.typed)}`).expect(400);
    expect(problem.body.error).toMatchObject({ code: 'validation_failed', fields: { where: 'unknown place' }, suggestions: { where: regionCase.misspelt.meant } });
  });
});
