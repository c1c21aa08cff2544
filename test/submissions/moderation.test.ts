import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserById, type User } from '../../server/accounts/account-repository.ts';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { findOfferVersion, findRevisionVersion } from '../../server/moderation/moderation-repository.ts';
import {
  approveOffer,
  approveRevision,
  diffRevision,
  listModerationQueue,
  rejectOffer,
  rejectRevision,
  ReviewOutdatedError,
  type ModerationDeps,
} from '../../server/moderation/moderation-service.ts';
import { createOwnDraft, findOwnOffer, saveOwnOffer, submitOwnOffer } from '../../server/submissions/submission-service.ts';
import { mailsTo } from '../support/mail-outbox.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

describe('providers submit, staff moderate', () => {
  let services: TestServices;
  let deps: ModerationDeps;
  let editor: User;
  let otherEditor: User;
  let accounts = 0;

  /** A provider of its own with one place and one linked account, so no test shares offers or mails with another. */
  async function freshProvider(name: string) {
    accounts += 1;
    const ids = await createProviderWithLocation(services.db, name);
    const email = `anbieter${accounts}@traeger.example`;
    const id = await createStaffAccount(services, { email, password: 'ein sicheres passwort', displayName: name, role: 'provider' });
    await services.db('users').where({ id }).update({ provider_id: ids.providerId });
    const user = (await findUserById(services.db, id))!;
    const form = (overrides: Record<string, unknown> = {}) => {
      const { providerId: _p, ...input } = offerInput(ids, { title: 'Elterncafé', status: undefined });
      return { ...input, ...overrides };
    };
    // The mails the outbox worker wrote to the real mail folder, once everything queued is sent.
    const mails = async () => (await services.mailWorker.drain(), mailsTo(services.config.mail.outboxDir, email));
    return { ids, user, email, form, mails };
  }

  async function pendingOffer(title: string) {
    const provider = await freshProvider(`Träger von ${title}`);
    const draft = await createOwnDraft(deps, provider.user, provider.form({ title }));
    await submitOwnOffer(deps, provider.user, draft.id);
    return { provider, offerId: draft.id, version: (await findOfferVersion(services.db, draft.id))!.version };
  }

  async function publishedOffer(title: string) {
    const { provider, offerId, version } = await pendingOffer(title);
    await approveOffer(deps, editor, offerId, version);
    return { provider, offerId };
  }

  const staff = async (email: string, role: 'editor' | 'admin') =>
    (await findUserById(services.db, await createStaffAccount(services, { email, password: 'ein sicheres passwort', displayName: email, role })))!;

  beforeAll(async () => {
    services = await createTestServices();
    const i18n = await createI18n();
    deps = { ...services.offerDeps, translate: (locale, key, values) => i18n.getFixedT(locale)(key, values), links: services.links };
    editor = await staff('redaktion@ki.example', 'editor');
    otherEditor = await staff('zweite@ki.example', 'editor');
  });
  afterAll(async () => services?.close());

  it('a new offer goes from draft to the queue to search only after approval, and the provider gets the approval mail', async () => {
    const provider = await freshProvider('Familienzentrum Regenbogen');
    const draft = await createOwnDraft(deps, provider.user, provider.form({ title: 'Elterncafé Regenbogen', status: 'published' }));
    expect(draft.status).toBe('draft');
    await submitOwnOffer(deps, provider.user, draft.id);
    await services.worker.drain();
    expect(await searchTitles(services, 'Elterncafé Regenbogen')).toEqual([]);
    expect((await listModerationQueue(deps)).map((item) => [item.kind, item.offer.id])).toContainEqual(['offer', draft.id]);

    await approveOffer(deps, editor, draft.id, (await findOfferVersion(services.db, draft.id))!.version);
    await services.worker.drain();
    expect(await searchTitles(services, 'Elterncafé Regenbogen')).toEqual(['Elterncafé Regenbogen']);
    expect((await provider.mails())).toHaveLength(1);
    expect((await provider.mails())[0]).toContain('Subject: Freigegeben: Elterncafé Regenbogen');
    expect((await provider.mails())[0]).toContain(services.links.account());
  });

  it('editing a published offer creates a pending revision; the old text stays public until staff approve it', async () => {
    const { provider, offerId } = await publishedOffer('Nähcafé Regenbogen');
    const { revisionId } = await saveOwnOffer(deps, provider.user, offerId, provider.form({ title: 'Näh- und Flickcafé Regenbogen', summary: 'Jetzt auch mit Flicken.' }));
    expect(revisionId).not.toBeNull();
    await services.worker.drain();
    expect(await searchTitles(services, 'Nähcafé')).toEqual(['Nähcafé Regenbogen']);
    expect(await searchTitles(services, 'Flickcafé')).toEqual([]);

    const item = (await listModerationQueue(deps)).find((entry) => entry.kind === 'revision' && entry.offer.id === offerId);
    expect(item?.kind).toBe('revision');
    const changes = diffRevision(item!.offer, item!.kind === 'revision' ? item!.revision.proposed : ({} as never));
    expect(changes.map((change) => change.field).sort()).toEqual(['summary', 'title']);
    expect(changes.find((change) => change.field === 'title')).toEqual({ field: 'title', before: 'Nähcafé Regenbogen', after: 'Näh- und Flickcafé Regenbogen' });

    await approveRevision(deps, editor, revisionId!, (await findRevisionVersion(services.db, revisionId!))!.version);
    await services.worker.drain();
    expect(await searchTitles(services, 'Flickcafé')).toEqual(['Näh- und Flickcafé Regenbogen']);
    expect(await searchTitles(services, 'Nähcafé Regenbogen')).not.toContain('Nähcafé Regenbogen');
  });

  it('a rejection needs a reason, which is mailed to the provider and kept on the offer; the offer can be fixed and resubmitted', async () => {
    const { provider, offerId, version } = await pendingOffer('Kochtreff Regenbogen');
    await expect(rejectOffer(deps, editor, offerId, version, '')).rejects.toThrow('errors.validation');
    await rejectOffer(deps, editor, offerId, version, 'Bitte die Uhrzeit ergänzen.');
    expect((await provider.mails())).toHaveLength(1);
    expect((await provider.mails())[0]).toContain('Subject: Bitte überarbeiten: Kochtreff Regenbogen');
    expect((await provider.mails())[0]).toContain('Bitte die Uhrzeit ergänzen.');
    expect((await services.db('offers').where({ id: offerId }).first('rejection_reason')).rejection_reason).toBe('Bitte die Uhrzeit ergänzen.');
    expect((await findOwnOffer(deps, provider.user, offerId)).status).toBe('rejected');
    await saveOwnOffer(deps, provider.user, offerId, provider.form({ title: 'Kochtreff Regenbogen', schedule: [{ weekday: 4, opensAt: '17:00', closesAt: '19:00' }] }));
    expect((await findOwnOffer(deps, provider.user, offerId)).status).toBe('draft');
    expect((await submitOwnOffer(deps, provider.user, offerId)).status).toBe('pending');
  });

  it('a rejected revision leaves the published offer untouched', async () => {
    const { provider, offerId } = await publishedOffer('Spielgruppe Regenbogen');
    const { revisionId } = await saveOwnOffer(deps, provider.user, offerId, provider.form({ title: 'Spielgruppe umbenannt' }));
    await rejectRevision(deps, editor, revisionId!, (await findRevisionVersion(services.db, revisionId!))!.version, 'Der alte Name ist bekannter.');
    await services.worker.drain();
    expect(await searchTitles(services, 'Spielgruppe')).toEqual(['Spielgruppe Regenbogen']);
    expect((await provider.mails()).at(-1)).toContain('Der alte Name ist bekannter.');
  });

  it('an approval naming a version the provider has since edited is refused and publishes nothing', async () => {
    const { provider, offerId, version } = await pendingOffer('Lernhilfe Regenbogen');
    await saveOwnOffer(deps, provider.user, offerId, provider.form({ title: 'Lernhilfe mit neuem Text' }));
    await expect(approveOffer(deps, editor, offerId, version)).rejects.toBeInstanceOf(ReviewOutdatedError);
    await expect(rejectOffer(deps, editor, offerId, version, 'Passt so nicht.')).rejects.toBeInstanceOf(ReviewOutdatedError);
    expect((await services.db('offers').where({ id: offerId }).first('status')).status).toBe('pending');
    expect((await provider.mails())).toEqual([]);
    await approveOffer(deps, editor, offerId, (await findOfferVersion(services.db, offerId))!.version);
    expect((await services.db('offers').where({ id: offerId }).first('status', 'title'))).toEqual({ status: 'published', title: 'Lernhilfe mit neuem Text' });
  });

  it('a proposed change edited again after staff opened it cannot be approved in the old version', async () => {
    const { provider, offerId } = await publishedOffer('Malgruppe Regenbogen');
    const { revisionId } = await saveOwnOffer(deps, provider.user, offerId, provider.form({ title: 'Malgruppe am Montag' }));
    const shown = (await findRevisionVersion(services.db, revisionId!))!.version;
    await saveOwnOffer(deps, provider.user, offerId, provider.form({ title: 'Malgruppe ganz anders' }));
    await expect(approveRevision(deps, editor, revisionId!, shown)).rejects.toBeInstanceOf(ReviewOutdatedError);
    expect((await services.db('offers').where({ id: offerId }).first('title')).title).toBe('Malgruppe Regenbogen');
  });

  it('an approval racing a rejection: exactly one wins, every time, and exactly one mail is written', async () => {
    for (let round = 0; round < 15; round += 1) {
      const { provider, offerId, version } = await pendingOffer(`Wettlauf ${round}`);
      const outcomes = await Promise.allSettled([
        approveOffer(deps, editor, offerId, version),
        rejectOffer(deps, otherEditor, offerId, version, 'Gleichzeitig abgelehnt.'),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ messageKey: 'moderation.alreadyDecided' });
      expect(await services.db('mail_outbox').where({ recipient: provider.email }).count({ n: '*' }).first()).toEqual({ n: 1 });
      expect((await provider.mails())).toHaveLength(1);
      const status = (await services.db('offers').where({ id: offerId }).first('status')).status as string;
      expect((await provider.mails())[0]).toContain(status === 'published' ? 'Subject: Freigegeben' : 'Subject: Bitte überarbeiten');
      expect(await services.db('audit_log').where({ entity: 'offer', entity_id: offerId }).whereIn('action', ['approve', 'reject']).count({ n: '*' }).first()).toEqual({ n: 1 });
    }
  });

  it("a provider can neither read nor change another provider's offers, tried by id", async () => {
    const owner = await freshProvider('Eigentümer');
    const stranger = await freshProvider('Fremder Träger');
    const offer = await createOwnDraft(deps, owner.user, owner.form({ title: 'Geheimer Entwurf' }));
    await expect(findOwnOffer(deps, stranger.user, offer.id)).rejects.toThrow('errors.offerNotFound');
    await expect(saveOwnOffer(deps, stranger.user, offer.id, stranger.form({ title: 'Übernommen' }))).rejects.toThrow('errors.offerNotFound');
    await expect(submitOwnOffer(deps, stranger.user, offer.id)).rejects.toThrow('errors.offerNotFound');
    expect((await findOwnOffer(deps, owner.user, offer.id)).title).toBe('Geheimer Entwurf');
  });

  it('the form cannot move an offer to another provider or publish it', async () => {
    const provider = await freshProvider('Formularträger');
    const offer = await createOwnDraft(deps, provider.user, { ...provider.form({ title: 'Mit fremder Kennung' }), providerId: 999, status: 'published' });
    expect(offer.providerId).toBe(provider.ids.providerId);
    expect(offer.status).toBe('draft');
  });

  it('every step is in the audit log with who did it', async () => {
    const { provider, offerId } = await publishedOffer('Protokollcafé');
    const { revisionId } = await saveOwnOffer(deps, provider.user, offerId, provider.form({ title: 'Protokollcafé neu' }));
    await rejectRevision(deps, otherEditor, revisionId!, (await findRevisionVersion(services.db, revisionId!))!.version, 'Bitte nicht umbenennen.');
    const rows = await services.db('audit_log').where({ entity: 'offer', entity_id: offerId }).orderBy('id').select('action', 'actor_label');
    expect(rows).toEqual([
      { action: 'create-draft', actor_label: provider.email },
      { action: 'submit', actor_label: provider.email },
      { action: 'approve', actor_label: 'redaktion@ki.example' },
      { action: 'propose-change', actor_label: provider.email },
      { action: 'reject-revision', actor_label: 'zweite@ki.example' },
    ]);
  });
});
