import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoContent } from '../../server/demo/demo-content.ts';
import { generateDemoDirectory, type DemoDirectory } from '../../server/demo/demo-generator.ts';
import { nearestDistrict } from '../../server/demo/demo-places.ts';
import { seedDemoDirectory } from '../../server/demo/demo-seeder.ts';
import { distanceKm } from '../../server/region/region-config.ts';
import { createTestStorage } from '../support/test-services.ts';

describe('the demo directory of the Ennepe-Ruhr-Kreis', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let directory: DemoDirectory;

  beforeAll(async () => {
    storage = await createTestStorage();
    directory = generateDemoDirectory(readDemoContent(storage.config.demoDir, storage.region.slug), storage.region, storage.taxonomy);
    await seedDemoDirectory(storage.db, storage.taxonomy, directory, { now: new Date().toISOString() });
  });
  afterAll(async () => storage?.close());

  it('holds more than 600 published offers from more than 130 providers', async () => {
    const published = await storage.db('offers').where({ status: 'published' }).count({ n: '*' }).first();
    const providers = await storage.db('providers').count({ n: '*' }).first();
    const publishingProviders = await storage.db('offers').where({ status: 'published' }).countDistinct({ n: 'provider_id' }).first();
    expect(Number(published?.n)).toBeGreaterThan(600);
    expect(Number(providers?.n)).toBeGreaterThan(130);
    expect(Number(publishingProviders?.n)).toBeGreaterThan(130);
  });

  it('covers every category, sub-category and district with published offers', async () => {
    const usedCategories = new Set(
      (await storage.db('offer_categories').join('offers', 'offers.id', 'offer_categories.offer_id').where('offers.status', 'published').select('category')).map((row) => row.category),
    );
    const subcategories = storage.taxonomy.terms('category').filter((term) => term.parent !== null).map((term) => term.slug);
    expect(subcategories.filter((slug) => !usedCategories.has(slug))).toEqual([]);
    const usedDistricts = new Set(
      (await storage.db('locations').join('offer_locations', 'offer_locations.location_id', 'locations.id').select('district')).map((row) => row.district),
    );
    expect([...usedDistricts].sort()).toEqual(storage.region.districts.map((district) => district.slug).sort());
  });

  it('places every location inside the town it names: within its radius and nearer its centre than any other town', async () => {
    const locations = await storage.db('locations').select();
    expect(locations.length).toBeGreaterThan(130);
    const misplaced = locations.filter((location) => {
      const district = storage.region.districts.find((candidate) => candidate.slug === location.district)!;
      const point = { lat: location.latitude, lng: location.longitude };
      return location.city !== district.name || distanceKm(district.centre, point) > district.radiusKm || nearestDistrict(storage.region, point).slug !== district.slug;
    });
    expect(misplaced).toEqual([]);
  });

  it('uses postcodes of the town for each address; only a place pinned at its town centre may have none', async () => {
    const locations = await storage.db('locations').select('district', 'postcode', 'geo_precision');
    const withoutPostcode = locations.filter((location) => location.postcode === '');
    expect(withoutPostcode.length).toBeGreaterThan(0);
    expect(withoutPostcode.filter((location) => location.geo_precision !== 'town')).toEqual([]);
    for (const location of locations.filter((candidate) => candidate.postcode !== '')) {
      const codes = storage.region.districts.find((district) => district.slug === location.district)!.postcodes.map((p) => p.code);
      expect(codes).toContain(location.postcode);
    }
  });

  it('exercises the data model of real offers: cost to ask, every other week, notes on times, dated courses, registration, approximate and hidden addresses', async () => {
    const offers = await storage.db('offers').where({ status: 'published' }).select();
    const count = (test: (offer: Record<string, unknown>) => boolean) => offers.filter(test).length;
    expect(count((offer) => offer.cost === 'unknown')).toBeGreaterThan(10);
    expect(count((offer) => offer.by_appointment === 1 && typeof offer.schedule_note === 'string')).toBeGreaterThan(3);
    expect(count((offer) => offer.schedule_note === 'nicht in den Schulferien')).toBeGreaterThan(1);
    expect(count((offer) => offer.start_date !== null && offer.end_date !== null)).toBeGreaterThan(30);
    expect(count((offer) => offer.next_start_date !== null)).toBeGreaterThan(5);
    expect(count((offer) => offer.rolling_entry === 1)).toBeGreaterThan(3);
    // Some courses start within four weeks of the generator's fixed date, some later.
    expect(count((offer) => typeof offer.start_date === 'string' && offer.start_date >= '2026-11-01' && offer.start_date <= '2026-11-29')).toBeGreaterThan(2);
    expect(count((offer) => offer.age_min !== null || offer.age_max !== null)).toBeGreaterThan(20);
    expect(count((offer) => offer.registration_methods !== '[]')).toBeGreaterThan(300);
    expect(count((offer) => offer.bring_along !== null)).toBeGreaterThan(20);
    expect(count((offer) => offer.interpreter_on_request === 1)).toBeGreaterThan(20);
    const everyOtherWeek = await storage.db('offer_schedules').where({ every_other_week: true }).count({ n: '*' }).first();
    expect(Number(everyOtherWeek?.n)).toBeGreaterThan(10);
    const translatedNotes = await storage.db('offer_translations').whereNotNull('registration_note').count({ n: '*' }).first();
    expect(Number(translatedNotes?.n)).toBeGreaterThan(5);
    const places = await storage.db('locations').select('geo_precision', 'address_on_request', 'street');
    expect(places.filter((place) => place.geo_precision === 'postcode').length).toBeGreaterThan(2);
    expect(places.filter((place) => place.geo_precision === 'town' && place.street === '').length).toBeGreaterThan(0);
    expect(places.filter((place) => place.geo_precision === 'town').length).toBeGreaterThan(0);
    expect(places.filter((place) => place.address_on_request === 1).length).toBeGreaterThan(1);
    const keptBack = await storage.db('locations').join('offer_locations', 'offer_locations.location_id', 'locations.id').join('offers', 'offers.id', 'offer_locations.offer_id')
      .where('locations.address_on_request', true).select('locations.street', 'offers.description');
    expect(keptBack.length).toBeGreaterThan(0);
    expect(keptBack.filter((row) => row.description.includes(row.street))).toEqual([]);
  });

  it('offers 60+ languages, with translations into English, Arabic, Turkish, Ukrainian, Russian and Farsi', async () => {
    const languages = await storage.db('offer_languages').countDistinct({ n: 'language' }).first();
    expect(Number(languages?.n)).toBeGreaterThanOrEqual(60);
    const locales = (await storage.db('offer_translations').distinct('locale')).map((row) => row.locale).sort();
    expect(locales).toEqual(['ar', 'en', 'fa', 'ru', 'tr', 'uk']);
    const translated = await storage.db('offer_translations').countDistinct({ n: 'offer_id' }).first();
    expect(Number(translated?.n)).toBeGreaterThan(60);
  });

  it('gives no two offers the same description', async () => {
    const rows = await storage.db('offers').select('description');
    expect(new Set(rows.map((row) => row.description)).size).toBe(rows.length);
  });

  it('is the same on every run for the same seed, and different for another seed', () => {
    const content = readDemoContent(storage.config.demoDir, storage.region.slug);
    const again = generateDemoDirectory(content, storage.region, storage.taxonomy);
    expect(again).toEqual(directory);
    const other = generateDemoDirectory(content, storage.region, storage.taxonomy, { seed: 7 });
    expect(other.offers.map((offer) => offer.input.description)).not.toEqual(directory.offers.map((offer) => offer.input.description));
  });
});
