import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoContent } from '../../server/demo/demo-content.ts';
import { generateDemoDirectory, type DemoDirectory } from '../../server/demo/demo-generator.ts';
import { nearestDistrict } from '../../server/demo/demo-places.ts';
import { seedDemoDirectory } from '../../server/demo/demo-seeder.ts';
import { distanceKm, loadRegion, townOf, type District, type Region } from '../../server/region/region-config.ts';
import { openStorage } from '../../server/bootstrap.ts';
import { checkPlace } from '../../server/providers/place-input.ts';
import { IMPORT_COLUMNS, type SheetRow } from '../../server/import/import-columns.ts';
import { readPlace } from '../../server/import/import-place.ts';
import { loadConfig } from '../../server/config/config.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { testingOnPostgres } from '../support/test-database.ts';
import { createTestStorage, sameStorage, testConfig } from '../support/test-services.ts';

const dataDir = path.resolve(import.meta.dirname, '..', '..', 'data');
/** Every region file, so a fifth region is checked without touching this test. */
const slugs = readdirSync(path.join(dataDir, 'regions')).filter((name) => name.endsWith('.json')).map((name) => name.replace(/\.json$/, '')).sort();

/** Inside a district: within its radius of its centre, or nearer its centre than any other district's. */
function liesIn(region: Region, district: District, point: { lat: number; lng: number }): boolean {
  return distanceKm(district.centre, point) <= district.radiusKm || nearestDistrict(region, point).slug === district.slug;
}

describe('the region files', () => {
  it('include the four seed KIs with their real districts', () => {
    expect(slugs).toEqual(expect.arrayContaining(['duesseldorf', 'ennepe-ruhr-kreis', 'leverkusen', 'solingen']));
    const names = (slug: string) => loadRegion(path.join(dataDir, 'regions'), slug).districts.map((district) => district.name);
    expect(names('solingen')).toEqual(['Solingen-Mitte', 'Gräfrath', 'Wald', 'Ohligs/Aufderhöhe/Merscheid', 'Burg/Höhscheid']);
    expect(names('duesseldorf')).toHaveLength(10);
    expect(names('leverkusen')).toHaveLength(3);
    const quarters = (slug: string) => loadRegion(path.join(dataDir, 'regions'), slug).districts.flatMap((district) => district.quarters ?? []);
    expect(quarters('duesseldorf')).toHaveLength(50);
    expect(quarters('leverkusen').map((quarter) => quarter.name).sort()).toEqual(
      ['Alkenrath', 'Bergisch Neukirchen', 'Bürrig', 'Hitdorf', 'Küppersteg', 'Lützenkirchen', 'Manfort', 'Opladen', 'Quettingen', 'Rheindorf', 'Schlebusch', 'Steinbüchel', 'Wiesdorf'],
    );
  });

  describe.each(slugs)('%s', (slug) => {
    const region = loadRegion(path.join(dataDir, 'regions'), slug);

    it('has districts, each with postcodes, and a KI contact for the footer', () => {
      expect(region.districts.length).toBeGreaterThan(0);
      for (const district of region.districts) expect(district.postcodes.length, district.slug).toBeGreaterThan(0);
      expect(region.contact?.email).toMatch(/@/);
      expect(region.contact?.postcode).toMatch(/^\d{5}$/);
      expect(new Set(region.districts.map((district) => district.slug)).size).toBe(region.districts.length);
    });

    it('puts every postcode and quarter centre inside its own district', () => {
      const outside = region.districts.flatMap((district) => [
        ...district.postcodes.filter((postcode) => !liesIn(region, district, postcode)).map((postcode) => `${district.slug} ${postcode.code}`),
        ...(district.quarters ?? []).filter((quarter) => !liesIn(region, district, quarter.centre)).map((quarter) => `${district.slug} ${quarter.name}`),
      ]);
      expect(outside).toEqual([]);
    });

    it('gives each postcode to one district, and quarters only postcodes of their own district', () => {
      const codes = region.districts.flatMap((district) => district.postcodes.map((postcode) => postcode.code));
      expect(new Set(codes).size).toBe(codes.length);
      for (const district of region.districts) {
        const own = district.postcodes.map((postcode) => postcode.code);
        for (const quarter of district.quarters ?? []) for (const code of quarter.postcodes ?? []) expect(own, `${quarter.name} ${code}`).toContain(code);
      }
    });
  });
});

/** What a member of each KI would look for first in their demo directory. */
const OWN_OFFERS: Record<string, string[]> = {
  solingen: ['Mobiler Dolmetscherdienst', 'Integrationslotsen'],
  duesseldorf: ['Laiendolmetscher-Netzwerk', 'Schulberatung'],
  leverkusen: ['Sprachpaten', 'Bildungspaten', 'Lerncoaches', 'Griffbereit', 'Rucksack'],
};

describe.each(slugs)('the demo directory of %s', (slug) => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let directory: DemoDirectory;

  beforeAll(async () => {
    storage = await createTestStorage({ REGION: slug });
    directory = generateDemoDirectory(readDemoContent(storage.config.demoDir, slug), storage.region, storage.taxonomy);
    await seedDemoDirectory(storage.db, storage.taxonomy, directory, { now: new Date().toISOString() });
  });
  afterAll(async () => storage?.close());

  it('places every location in the district it names, with a postcode of that district and the district\'s town', async () => {
    const locations = await storage.db('locations').select();
    expect(locations.length).toBeGreaterThanOrEqual(storage.region.districts.length);
    const misplaced = locations.filter((location) => {
      const district = storage.region.districts.find((candidate) => candidate.slug === location.district);
      if (!district) return true;
      const point = { lat: location.latitude, lng: location.longitude };
      // A place pinned at its town's centre may have no postcode (the demo has a few); any other names one of its district.
      const postcodeWrong = location.postcode === '' ? location.geo_precision !== 'town' : !district.postcodes.some((postcode) => postcode.code === location.postcode);
      return location.city !== townOf(district) || !liesIn(storage.region, district, point) || postcodeWrong;
    });
    expect(misplaced).toEqual([]);
  });

  it('has published offers in every district', async () => {
    const rows = await storage.db('locations')
      .join('offer_locations', 'offer_locations.location_id', 'locations.id')
      .join('offers', 'offers.id', 'offer_locations.offer_id')
      .where('offers.status', 'published')
      .distinct('locations.district');
    expect(rows.map((row) => row.district).sort()).toEqual(storage.region.districts.map((district) => district.slug).sort());
  });

  it('publishes each of the region pack\'s own offers with the provider it names', async () => {
    const content = readDemoContent(storage.config.demoDir, slug);
    const own = content.subcategories.flatMap((subcategory) => subcategory.blueprints).filter((blueprint) => blueprint.provider);
    const expected = OWN_OFFERS[slug] ?? [];
    expect(expected.filter((word) => !own.some((blueprint) => blueprint.title.includes(word)))).toEqual([]);
    for (const blueprint of own) {
      const offer = await storage.db('offers').join('providers', 'providers.id', 'offers.provider_id').where('offers.title', blueprint.title).first('offers.status', 'providers.slug');
      expect(offer, blueprint.id).toEqual({ status: 'published', slug: blueprint.provider });
      const locales = await storage.db('offer_translations').join('offers', 'offers.id', 'offer_translations.offer_id').where('offers.title', blueprint.title).pluck('locale');
      expect(locales.sort(), blueprint.id).toEqual(['ar', 'en', 'fa', 'ru', 'tr', 'uk']);
    }
  });
});

describe('a place typed into a form', () => {
  it('in a district of a city names the city as its town, not the district', () => {
    const region = loadRegion(path.join(dataDir, 'regions'), 'duesseldorf');
    const form = { name: 'Treffpunkt', street: 'Ellerstraße 5', postcode: '40227', district: 'stadtbezirk-3', latitude: '', longitude: '', stepFree: false, addressOnRequest: false, precision: '' };
    const checked = checkPlace(form, region, { nameRequired: true, defaultName: '' });
    expect(checked).toMatchObject({ ok: true, location: { city: 'Düsseldorf', district: 'stadtbezirk-3', postcode: '40227' } });
  });
});

describe('a spreadsheet row of a city\'s list', () => {
  const region = loadRegion(path.join(dataDir, 'regions'), 'duesseldorf');
  const row = (cells: Partial<SheetRow>) => ({ ...(Object.fromEntries(IMPORT_COLUMNS.map((column) => [column.key, ''])) as SheetRow), ...cells });
  const read = (cells: Partial<SheetRow>) => readPlace(row(cells), region, () => false);

  it('that names the city finds the district by postcode, and keeps the city as the town', () => {
    const { place, problems } = read({ town: 'Düsseldorf', postcode: '40227', street: 'Ellerstraße 5' });
    expect(problems).toEqual([]);
    expect(place).toMatchObject({ district: 'stadtbezirk-3', city: 'Düsseldorf', postcode: '40227', precision: 'postcode' });
  });

  it('that names a quarter finds its district', () => {
    expect(read({ town: 'Kaiserswerth' }).place).toMatchObject({ district: 'stadtbezirk-5', city: 'Düsseldorf', precision: 'town' });
  });
});

describe('a data folder', () => {
  it('belongs to the region that first used it: another REGION stops with a sentence, the same one opens', async () => {
    const first = await createTestStorage({ REGION: 'solingen' });
    const open = async (region: string) => {
      const { config, cleanup } = testConfig({ ...sameStorage(first.config), REGION: region });
      cleanup();
      return openStorage(config, createSilentLogger(), () => new Date());
    };
    try {
      await first.db.destroy();
      await expect(open('leverkusen')).rejects.toThrow(testingOnPostgres
        ? /^The database at DATABASE_URL holds the directory of REGION "solingen"; start it with REGION=solingen, or choose another DATABASE_URL/
        : /^DATA_DIR .* holds the directory of REGION "solingen"; start it with REGION=solingen, or choose another DATA_DIR/);
      const again = await open('solingen');
      expect(again.region.slug).toBe('solingen');
      await again.db.destroy();
    } finally {
      await first.close().catch(() => undefined);
    }
  });

  it('is by default the region\'s own folder and index prefix, and the county keeps its old ones', () => {
    const solingen = loadConfig({ REGION: 'solingen' });
    expect(solingen.dataDir).toMatch(/data\/runtime\/solingen$/);
    expect(solingen.meili.indexPrefix).toBe('wegweiser_solingen_');
    const county = loadConfig({});
    expect(county.dataDir).toMatch(/data\/runtime$/);
    expect(county.meili.indexPrefix).toBe('wegweiser_');
  });
});
