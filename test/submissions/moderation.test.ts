import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserById } from '../../server/accounts/account-repository.ts';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import type { User } from '../../server/accounts/account-repository.ts';
import { approveOffer, approveRevision, diffRevision, listModerationQueue, rejectOffer, rejectRevision, type ModerationDeps } from '../../server/moderation/moderation-service.ts';
import { createOwnDraft, findOwnOffer, saveOwnOffer, submitOwnOffer } from '../../server/submissions/submission-service.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { waitForMailContaining } from '../support/mail-outbox.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

describe('providers submit, staff moderate', () => {
  let services: TestServices;
  let deps: ModerationDeps;
  let provider: User;
  let otherProvider: User;
  let editor: User;
  let ids: { providerId: number; locationId: number };
  /** The mail the outbox worker wrote to the real mail folder for an address, once one contains `text`. */
  const mailWith = (address: string, text: string) => waitForMailContaining(services.config.mail.outboxDir, address, text);

  async function providerUser(email: string, providerId: number): Promise<User> {
    const id = await createStaffAccount(services, { email, password: 'ein sicheres passwort', displayName: email, role: 'provider' });
    await services.db('users').where({ id }).update({ provider_id: providerId });
    return (await findUserById(services.db, id))!;
  }

  beforeAll(async () => {
    services = await createTestServices();
    ids = await createProviderWithLocation(services.db, 'Familienzentrum Regenbogen');
    const other = await createProviderWithLocation(services.db, 'Anderer Träger');
    const i18n = await createI18n();
    deps = { ...services.offerDeps, translate: (locale, key, values) => i18n.getFixedT(locale)(key, values), links: services.links };
    provider = await providerUser('anbieter@regenbogen.example', ids.providerId);
    otherProvider = await providerUser('andere@example.org', other.providerId);
    editor = (await findUserById(services.db, await createStaffAccount(services, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Redaktion', role: 'editor' })))!;
  });
  afterAll(async () => services?.close());

  const form = (overrides: Record<string, unknown> = {}) => {
    const { providerId: _p, ...input } = offerInput(ids, { title: 'Elterncafé Regenbogen', status: undefined });
    return { ...input, ...overrides };
  };

  it('a new offer goes from draft to the queue to search only after approval', async () => {
    const draft = await createOwnDraft(deps, provider, form({ status: 'published' }));
    expect(draft.status).toBe('draft');
    await submitOwnOffer(deps, provider, draft.id);
    await services.worker.drain();
    expect(await searchTitles(services, 'Elterncafé Regenbogen')).toEqual([]);
    const queue = await listModerationQueue(deps);
    expect(queue.map((item) => [item.kind, item.offer.id])).toContainEqual(['offer', draft.id]);

    await approveOffer(deps, editor, draft.id);
    await services.worker.drain();
    expect(await searchTitles(services, 'Elterncafé Regenbogen')).toEqual(['Elterncafé Regenbogen']);
    expect(await mailWith('anbieter@regenbogen.example', 'Subject: Freigegeben: Elterncafé Regenbogen')).toContain('wurde geprüft und ist jetzt im Wegweiser zu finden');
    await expect(approveOffer(deps, editor, draft.id)).rejects.toThrow('moderation.alreadyDecided');
  });

  it('editing a published offer creates a pending revision; the old text stays public until staff approve it', async () => {
    const offer = await createOwnDraft(deps, provider, form({ title: 'Nähcafé Regenbogen' }));
    await submitOwnOffer(deps, provider, offer.id);
    await approveOffer(deps, editor, offer.id);
    await services.worker.drain();

    const { revisionId } = await saveOwnOffer(deps, provider, offer.id, form({ title: 'Näh- und Flickcafé Regenbogen', summary: 'Jetzt auch mit Flicken.' }));
    expect(revisionId).not.toBeNull();
    await services.worker.drain();
    expect(await searchTitles(services, 'Nähcafé')).toEqual(['Nähcafé Regenbogen']);
    expect(await searchTitles(services, 'Flickcafé')).toEqual([]);

    const item = (await listModerationQueue(deps)).find((entry) => entry.kind === 'revision' && entry.offer.id === offer.id);
    expect(item?.kind).toBe('revision');
    const changes = diffRevision(item!.offer, item!.kind === 'revision' ? item!.revision.proposed : ({} as never));
    expect(changes.map((change) => change.field).sort()).toEqual(['summary', 'title']);
    expect(changes.find((change) => change.field === 'title')).toEqual({ field: 'title', before: 'Nähcafé Regenbogen', after: 'Näh- und Flickcafé Regenbogen' });

    await approveRevision(deps, editor, revisionId!);
    await services.worker.drain();
    expect(await searchTitles(services, 'Flickcafé')).toEqual(['Näh- und Flickcafé Regenbogen']);
    expect(await searchTitles(services, 'Nähcafé Regenbogen')).not.toContain('Nähcafé Regenbogen');
  });

  it('a rejection needs a reason, which is mailed to the provider; the offer can be fixed and resubmitted', async () => {
    const offer = await createOwnDraft(deps, provider, form({ title: 'Kochtreff Regenbogen' }));
    await submitOwnOffer(deps, provider, offer.id);
    await expect(rejectOffer(deps, editor, offer.id, '')).rejects.toThrow();
    await rejectOffer(deps, editor, offer.id, 'Bitte die Uhrzeit ergänzen.');
    const rejection = await mailWith('anbieter@regenbogen.example', 'Subject: Bitte überarbeiten: Kochtreff Regenbogen');
    expect(rejection).toContain('Bitte die Uhrzeit ergänzen.');
    expect(rejection).toMatch(/http:\/\/localhost:\d+\/account\b/);
    expect((await findOwnOffer(deps, provider, offer.id)).status).toBe('rejected');
    await saveOwnOffer(deps, provider, offer.id, form({ title: 'Kochtreff Regenbogen', schedule: [{ weekday: 4, opensAt: '17:00', closesAt: '19:00' }] }));
    expect((await findOwnOffer(deps, provider, offer.id)).status).toBe('draft');
    expect((await submitOwnOffer(deps, provider, offer.id)).status).toBe('pending');
  });

  it('a rejected revision leaves the published offer untouched', async () => {
    const offer = await createOwnDraft(deps, provider, form({ title: 'Spielgruppe Regenbogen' }));
    await submitOwnOffer(deps, provider, offer.id);
    await approveOffer(deps, editor, offer.id);
    const { revisionId } = await saveOwnOffer(deps, provider, offer.id, form({ title: 'Spielgruppe umbenannt' }));
    await rejectRevision(deps, editor, revisionId!, 'Der alte Name ist bekannter.');
    await services.worker.drain();
    expect(await searchTitles(services, 'Spielgruppe')).toEqual(['Spielgruppe Regenbogen']);
  });

  it("a provider can neither read nor change another provider's offers, tried by id", async () => {
    const offer = await createOwnDraft(deps, provider, form({ title: 'Geheimer Entwurf' }));
    await expect(findOwnOffer(deps, otherProvider, offer.id)).rejects.toThrow('errors.offerNotFound');
    await expect(saveOwnOffer(deps, otherProvider, offer.id, form({ title: 'Übernommen' }))).rejects.toThrow('errors.offerNotFound');
    await expect(submitOwnOffer(deps, otherProvider, offer.id)).rejects.toThrow('errors.offerNotFound');
    expect((await findOwnOffer(deps, provider, offer.id)).title).toBe('Geheimer Entwurf');
  });

  it('the form cannot move an offer to another provider or publish it', async () => {
    const offer = await createOwnDraft(deps, provider, { ...form({ title: 'Mit fremder Kennung' }), providerId: 999, status: 'published' });
    expect(offer.providerId).toBe(ids.providerId);
    expect(offer.status).toBe('draft');
  });

  it('every step is in the audit log with who did it', async () => {
    const rows = await services.db('audit_log').where({ entity: 'offer' }).select('action', 'actor_label');
    expect(rows).toContainEqual({ action: 'approve', actor_label: 'redaktion@ki.example' });
    expect(rows).toContainEqual({ action: 'propose-change', actor_label: 'anbieter@regenbogen.example' });
    expect(rows).toContainEqual({ action: 'reject', actor_label: 'redaktion@ki.example' });
  });
});
