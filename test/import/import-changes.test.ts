import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewImport, runImport } from '../../server/import/import-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { refuseInsert } from '../support/test-database.ts';
import { createTestStorage } from '../support/test-services.ts';
import { importDeps, messyCsv } from './import-fixture.ts';

type Storage = Awaited<ReturnType<typeof createTestStorage>>;
const actor = { userId: null, label: 'redaktion@ki.example' };
const options = { decisions: {}, publish: true };

/** The fixture with lines edited by hand, as a KI would edit its list. */
function editedCsv(edit: (text: string) => string): Buffer {
  return Buffer.from(edit(messyCsv().toString('utf8')), 'utf8');
}

describe('an edited list', () => {
  let storage: Storage;
  const run = (buffer: Buffer, decisions: Record<string, number | 'new'> = {}) => runImport(importDeps(storage), { fileName: 'angebote.csv', buffer }, { ...options, decisions }, actor, () => undefined);
  beforeEach(async () => {
    storage = await createTestStorage();
  });
  afterEach(async () => storage?.close());

  it('updates exactly the changed offers (by id and by derived key) and lists, never deletes, the missing ones', async () => {
    await run(messyCsv());
    const untouched = await storage.db('offers').whereNotIn('external_id', ['A-5']).orWhereNull('external_id').orderBy('id').select('id', 'updated_at');
    const edited = editedCsv((text) =>
      text
        .replace('Deutsch, Russisch, Ukrainisch;ermäßigt', 'Deutsch, Russisch, Ukrainisch;kostenlos')
        .replace('Do 15-17 Uhr', 'Do 15-18 Uhr')
        .split('\r\n')
        .filter((line) => !line.startsWith('A-6;'))
        .join('\r\n'),
    );
    const later = await runImport(importDeps(storage, () => undefined, new Date('2026-12-06T08:00:00Z')), { fileName: 'angebote.csv', buffer: edited }, options, actor, () => undefined);
    expect(later.counts.offers).toEqual({ created: 0, updated: 2, unchanged: 7 });
    expect(later.missing.map((offer) => offer.title)).toEqual(['Elterncafe im Familienzentrum']);
    expect(await storage.db('offers').where({ external_id: 'A-5' }).first('cost', 'updated_at')).toEqual({ cost: 'free', updated_at: '2026-12-06T08:00:00.000Z' });
    const frauentreff = await storage.db('offers').where({ title: 'Internationaler Frauentreff' }).first('id');
    expect(await storage.db('offer_schedules').where({ offer_id: frauentreff.id }).select('closes_at')).toEqual([{ closes_at: '18:00' }]);
    expect(await storage.db('offers').where({ external_id: 'A-6' }).first('status')).toEqual({ status: 'published' });
    const after = await storage.db('offers').whereIn('id', untouched.map((row) => row.id)).whereNot('id', frauentreff.id).orderBy('id').select('id', 'updated_at');
    expect(after).toEqual(untouched.filter((row) => row.id !== frauentreff.id));
  });

  it('a failed run writes nothing at all: no provider, place, offer, outbox row or audit entry', async () => {
    await refuseInsert(storage.db, 'offers', 'title', 'Nähcafé', 'disk full');
    await expect(run(messyCsv())).rejects.toThrow(/disk full/);
    const counts = await Promise.all(['providers', 'locations', 'offers', 'offer_categories', 'search_outbox', 'audit_log'].map(async (table) => Number((await storage.db(table).count({ n: '*' }).first())?.n)));
    expect(counts).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('proposes providers with the same name instead of merging them silently; staff decide', async () => {
    const now = new Date().toISOString();
    const caritas = await insertProvider(storage.db, { slug: 'caritas-hattingen', name: 'Caritasverband Hattingen', description: '', kind: 'welfare-association' }, now);
    await insertLocation(storage.db, caritas, { name: 'Büro', street: 'Markt 1', postcode: '45525', city: 'Hattingen', district: 'hattingen', latitude: 51.399, longitude: 7.186, stepFree: true }, now);
    const awo = await insertProvider(storage.db, { slug: 'awo-schwelm', name: 'AWO Unterbezirk EN', description: '', kind: 'welfare-association' }, now);
    await insertLocation(storage.db, awo, { name: 'Büro', street: 'Markt 2', postcode: '58332', city: 'Schwelm', district: 'schwelm', latitude: 51.29, longitude: 7.296, stepFree: false }, now);

    const preview = await previewImport(importDeps(storage), { fileName: 'angebote.csv', buffer: messyCsv() }, options);
    const proposals = preview.plan.providers.filter((provider) => provider.proposal).map((provider) => [provider.name, provider.proposal!.candidates.map((c) => c.id), provider.proposal!.chosen]);
    // Same name and a place in the same town: proposed as the same provider. Same name elsewhere: new unless staff choose it.
    expect(proposals).toEqual([
      ['AWO Unterbezirk EN e.V.', [awo], 'new'],
      ['Caritasverband Hattingen', [caritas], caritas],
    ]);
    const awoKey = preview.plan.providers.find((provider) => provider.name === 'AWO Unterbezirk EN e.V.')!.key;
    const result = await run(messyCsv(), { [awoKey]: awo });
    expect(result.counts.providers).toEqual({ created: 4, updated: 0, unchanged: 2 });
    const awoOffers = await storage.db('offers').where({ provider_id: awo }).orderBy('title').select('title');
    expect(awoOffers.map((row) => row.title)).toEqual(['Deutschkurs A1 für Frauen', 'Sprachcafé International', 'Sprachtreff online']);
  });
});
