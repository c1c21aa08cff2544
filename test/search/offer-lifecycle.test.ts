import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffer, deleteOffer, publishOffer, setOfferStatus, unpublishOffer, updateOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

describe('search follows the public state of offers', () => {
  let services: TestServices;
  let ids: { providerId: number; locationId: number };

  beforeAll(async () => {
    services = await createTestServices();
    ids = await createProviderWithLocation(services.db);
  });
  afterAll(async () => services?.close());

  it('a published offer becomes searchable, and an edit replaces its old text', async () => {
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Nähcafé international' }));
    await services.worker.drain();
    expect(await searchTitles(services, 'Nähcafé')).toEqual(['Nähcafé international']);

    await updateOffer(services.offerDeps, offer.id, offerInput(ids, { title: 'Strickcafé international' }));
    await services.worker.drain();
    expect(await searchTitles(services, 'Strickcafé')).toEqual(['Strickcafé international']);
    expect(await searchTitles(services, 'Nähcafé')).toEqual([]);
  });

  it('unpublishing removes an offer from search and publishing again brings it back', async () => {
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Fahrradwerkstatt für alle' }));
    await services.worker.drain();
    expect(await searchTitles(services, 'Fahrradwerkstatt')).toHaveLength(1);

    await unpublishOffer(services.offerDeps, offer.id);
    await services.worker.drain();
    expect(await searchTitles(services, 'Fahrradwerkstatt')).toEqual([]);

    await publishOffer(services.offerDeps, offer.id);
    await services.worker.drain();
    expect(await searchTitles(services, 'Fahrradwerkstatt')).toEqual(['Fahrradwerkstatt für alle']);
  });

  it('deleting an offer removes every one of its documents', async () => {
    const second = await createProviderWithLocation(services.db, 'Zweiter Träger');
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Gartenprojekt Vielfalt' }));
    await services.worker.drain();
    expect(await searchTitles(services, 'Gartenprojekt')).toHaveLength(1);

    await deleteOffer(services.offerDeps, offer.id);
    await services.worker.drain();
    expect(await searchTitles(services, 'Gartenprojekt')).toEqual([]);
    expect(second.providerId).toBeGreaterThan(0);
  });

  it('draft, pending and rejected offers never reach search, not even after edits', async () => {
    const draft = await createOffer(services.offerDeps, offerInput(ids, { title: 'Kochkurs Entwurf', status: 'draft' }));
    const pending = await createOffer(services.offerDeps, offerInput(ids, { title: 'Kochkurs Prüfung', status: 'pending' }));
    await updateOffer(services.offerDeps, draft.id, offerInput(ids, { title: 'Kochkurs Entwurf zwei', status: 'draft' }));
    await setOfferStatus(services.offerDeps, pending.id, 'rejected');
    await services.worker.drain();
    expect(await searchTitles(services, 'Kochkurs')).toEqual([]);
  });

  it('an offer at two locations is found at both places but listed once', async () => {
    const hattingen = await services.db('locations').insert({
      provider_id: ids.providerId, name: 'Zweigstelle Hattingen', street: 'Heggerstraße 2', postcode: '45525', city: 'Hattingen',
      district: 'hattingen', latitude: 51.3989, longitude: 7.186, step_free: false, created_at: 'now', updated_at: 'now',
    }).returning('id');
    const hattingenId = Number((hattingen[0] as { id: number }).id ?? hattingen[0]);
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Schreibwerkstatt mehrsprachig', locationIds: [ids.locationId, hattingenId] }));
    await services.worker.drain();
    expect(await searchTitles(services, 'Schreibwerkstatt')).toEqual(['Schreibwerkstatt mehrsprachig']);
    expect(await searchTitles(services, 'Schreibwerkstatt', { district: ['hattingen'] })).toHaveLength(1);
    expect(await searchTitles(services, 'Schreibwerkstatt', { district: ['witten'] })).toHaveLength(1);

    await updateOffer(services.offerDeps, offer.id, offerInput(ids, { title: 'Schreibwerkstatt mehrsprachig', locationIds: [hattingenId] }));
    await services.worker.drain();
    expect(await searchTitles(services, 'Schreibwerkstatt', { district: ['witten'] })).toEqual([]);
    expect(await searchTitles(services, 'Schreibwerkstatt', { district: ['hattingen'] })).toHaveLength(1);
  });
});
