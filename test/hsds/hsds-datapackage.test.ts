import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../server/errors/app-errors.ts';
import { createHsdsContext } from '../../server/hsds/hsds-context.ts';
import { readHsdsDatapackage } from '../../server/hsds/hsds-datapackage-reader.ts';
import { writeHsdsDatapackage } from '../../server/hsds/hsds-datapackage-writer.ts';
import { importHsdsDataset, type HsdsImportDeps } from '../../server/hsds/hsds-import.ts';
import { HSDS_TABLES } from '../../server/hsds/hsds-tables.ts';
import { findOffersByIds } from '../../server/offers/offer-repository.ts';
import type { Offer } from '../../server/offers/offer-types.ts';
import { compileHsdsSchema, HSDS_FIXTURES, hsdsErrors } from '../support/hsds-schemas.ts';
import { createTestStorage } from '../support/test-services.ts';

type Storage = Awaited<ReturnType<typeof createTestStorage>>;

const importDeps = (storage: Storage): HsdsImportDeps => ({ db: storage.db, taxonomy: storage.taxonomy, region: storage.region, clock: () => new Date('2026-12-05T09:00:00Z'), notifySearch: () => undefined });

async function publishedOffers(storage: Storage): Promise<Offer[]> {
  const rows = await storage.db('offers').where({ status: 'published' }).orderBy('id').select('id');
  return findOffersByIds(storage.db, rows.map((row) => row.id));
}

/** What a visitor can learn about an offer, in a form both directories can be compared in. */
function comparable(offer: Offer) {
  const { id: _id, slug: _slug, providerId: _p, status: _s, publishedAt: _pa, createdAt: _c, updatedAt: _u, externalId: _e, source: _so, provider, locations, lastVerifiedAt, url, ...rest } = offer;
  return {
    ...rest,
    url: url ? new URL(url).href : null,
    lastVerifiedAt: lastVerifiedAt?.slice(0, 10) ?? null,
    translations: [...rest.translations].sort((a, b) => a.locale.localeCompare(b.locale)).map((t) => ({ ...t, registrationNote: t.registrationNote ?? null, bringAlong: t.bringAlong ?? null })),
    provider: { name: provider.name, description: provider.description, kind: provider.kind, email: provider.email, phone: provider.phone },
    locations: locations.map(({ id: _l, providerId: _lp, externalId: _le, source: _ls, ...place }) => (place.addressOnRequest ? { ...place, street: null, postcode: null } : place)),
  };
}

describe('HSDS datapackage export and import', () => {
  let demo: Storage;
  let folder: string;
  let counts: Record<string, number>;

  beforeAll(async () => {
    demo = await createTestStorage({ DEMO_DATA: 'true' });
    folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-hsds-'));
    const ctx = createHsdsContext({ region: demo.region, taxonomy: demo.taxonomy, baseUrl: 'https://wegweiser.example' });
    counts = await writeHsdsDatapackage(demo.db, ctx, folder, new Date('2026-12-05T09:00:00Z'));
  });
  afterAll(async () => {
    await demo?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes a CSV per table and a datapackage.json describing each with its fields', () => {
    const descriptor = JSON.parse(readFileSync(path.join(folder, 'datapackage.json'), 'utf8'));
    expect(descriptor.profile).toBe('tabular-data-package');
    expect(descriptor.resources.map((resource: { path: string }) => resource.path)).toEqual(Object.values(HSDS_TABLES).map((table) => table.path));
    const services = descriptor.resources.find((resource: { name: string }) => resource.name === 'service');
    expect(services.schema.fields.slice(0, 4)).toEqual([{ name: 'id', type: 'string', format: 'uuid' }, { name: 'organization_id', type: 'string', format: 'uuid' }, { name: 'program_id', type: 'string', format: 'uuid' }, { name: 'name', type: 'string' }]);
    for (const table of Object.values(HSDS_TABLES)) expect(existsSync(path.join(folder, table.path)), table.path).toBe(true);
    expect(counts.service).toBe(640);
    expect(counts.schedule).toBeGreaterThan(0);
    expect(counts.x_service_translation).toBeGreaterThan(0);
  });

  // Compiling the official schemas (megabytes each) and checking 640 nested records is slow on a shared machine.
  const SLOW = { timeout: 240_000 };

  it('every exported table row is valid against the compiled tabular schema', SLOW, async () => {
    const dataset = await readHsdsDatapackage(folder);
    const { x_service_translation: _extension, ...tables } = dataset.tables;
    const rows = Object.fromEntries(Object.entries(tables).map(([name, list]) => [name, list.map(({ _line, ...row }) => row)]));
    expect(rows.service).toHaveLength(640);
    expect(hsdsErrors(compileHsdsSchema('compiled/tabular.json'), rows)).toEqual([]);
  });

  it('every exported service is valid against the compiled service schema', SLOW, () => {
    const services = JSON.parse(readFileSync(path.join(folder, 'json', 'services.json'), 'utf8'));
    expect(services).toHaveLength(640);
    const service = compileHsdsSchema('compiled/service.json');
    expect(services.flatMap((record: unknown) => hsdsErrors(service, record))).toEqual([]);
  });

  it('every exported organization and taxonomy term is valid against its schema', SLOW, () => {
    const organizations = JSON.parse(readFileSync(path.join(folder, 'json', 'organizations.json'), 'utf8'));
    expect(organizations.length).toBeGreaterThan(10);
    const organization = compileHsdsSchema('compiled/organization.json');
    expect(organizations.flatMap((record: unknown) => hsdsErrors(organization, record))).toEqual([]);
    const term = compileHsdsSchema('taxonomy_term.json');
    expect(JSON.parse(readFileSync(path.join(folder, 'json', 'taxonomy_terms.json'), 'utf8')).flatMap((record: unknown) => hsdsErrors(term, record))).toEqual([]);
  });

  it('the export imports into an empty directory with every offer, place and provider as it was, and a second import only updates', SLOW, async () => {
    const empty = await createTestStorage({ DEMO_DATA: 'false' });
    try {
      const dataset = await readHsdsDatapackage(folder);
      const first = await importHsdsDataset(importDeps(empty), dataset, { status: 'published' });
      expect(first.created.offers).toBe(640);
      expect(first.warnings.filter((warning) => warning.file === 'services.csv')).toEqual([]);
      const original = new Map((await publishedOffers(demo)).map((offer) => [offer.title + offer.id, comparable(offer)]));
      const imported = await publishedOffers(empty);
      expect(imported).toHaveLength(original.size);
      const byExternal = new Map((await publishedOffers(demo)).map((offer) => [createHsdsContext({ region: demo.region, taxonomy: demo.taxonomy, baseUrl: 'x' }).ids.record('service', offer.id), offer]));
      for (const offer of imported) {
        const source = byExternal.get(offer.externalId!);
        expect(source, offer.title).toBeDefined();
        expect(comparable(offer), offer.title).toEqual(comparable(source!));
      }
      const second = await importHsdsDataset(importDeps(empty), dataset, { status: 'published' });
      expect(second.created).toEqual({ providers: 0, places: 0, offers: 0 });
      expect(second.updated.offers).toBe(640);
      expect(await empty.db('offers').count({ n: '*' }).first()).toEqual({ n: 640 });
    } finally {
      await empty.close();
    }
  });

  it('the official HSDS examples import: unknown terms go to the nearest topic, a place outside the region is reported', async () => {
    const empty = await createTestStorage({ DEMO_DATA: 'false' });
    try {
      const result = await importHsdsDataset(importDeps(empty), await readHsdsDatapackage(path.join(HSDS_FIXTURES, 'examples', 'csv')), { status: 'pending' });
      expect(result.created).toEqual({ providers: 1, places: 0, offers: 1 });
      expect(result.warnings.map((warning) => `${warning.file}:${warning.line}:${warning.field}`)).toEqual(['locations.csv:2:address', 'services.csv:2:attributes']);
      expect(result.warnings[1]!.message).toContain('"counselling"');
      const [offer] = await findOffersByIds(empty.db, [(await empty.db('offers').first('id')).id]);
      expect(offer).toMatchObject({
        title: 'Community Counselling', status: 'pending', cost: 'paid', ageMin: 12, ageMax: 100, languages: ['ur'], categories: ['counselling'], format: 'online',
        email: 'email@example.com', phone: '+44 1234 234567', contactName: 'Ann Persona', interpreterOnRequest: true, lastVerifiedAt: '2005-01-01T00:00:00.000Z',
      });
      expect(offer!.schedule).toEqual([{ weekday: 4, opensAt: '10:00', closesAt: '18:00', everyOtherWeek: false }, { weekday: 5, opensAt: '10:00', closesAt: '18:00', everyOtherWeek: false }]);
      expect(offer!.provider).toMatchObject({ name: 'Example Organization Inc.', website: 'http://example.com/' });
    } finally {
      await empty.close();
    }
  });

  it('a broken package writes nothing and names file, line and field of each error', async () => {
    const empty = await createTestStorage({ DEMO_DATA: 'false' });
    const broken = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-hsds-broken-'));
    try {
      cpSync(folder, broken, { recursive: true });
      const services = readFileSync(path.join(broken, 'services.csv'), 'utf8').split('\n');
      const [header, firstRow] = [services[0]!.split(','), services[1]!];
      const nameAt = header.indexOf('name');
      const cells = firstRow.split(',');
      cells[nameAt] = 'x';
      cells[header.indexOf('organization_id')] = '00000000-0000-4000-8000-000000000000';
      writeFileSync(path.join(broken, 'services.csv'), [services[0], cells.join(','), ...services.slice(2)].join('\n'));
      const attempt = importHsdsDataset(importDeps(empty), await readHsdsDatapackage(broken), { status: 'published' });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      const error = (await attempt.catch((caught: unknown) => caught)) as ValidationError;
      expect(Object.keys(error.fields)).toContain('services.csv:2:organization_id');
      expect(await empty.db('offers').count({ n: '*' }).first()).toEqual({ n: 0 });
      expect(await empty.db('providers').count({ n: '*' }).first()).toEqual({ n: 0 });
    } finally {
      rmSync(broken, { recursive: true, force: true });
      await empty.close();
    }
  });
});
