import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserById, insertUser } from '../../server/accounts/account-repository.ts';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { sendStaffDigestIfDue, type StaffDigestDeps } from '../../server/admin/staff-digest-service.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { saveOwnOffer } from '../../server/submissions/submission-service.ts';
import { mailsTo, waitForMails } from '../support/mail-outbox.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

const PASSWORD = 'ein sicheres passwort';

/** The daily mail to staff about new sign-ups and submissions, read from the real mail folder the outbox worker writes. */
describe('the staff digest', () => {
  let services: TestServices;
  let deps: StaffDigestDeps;
  let now = new Date('2027-03-01T07:00:00Z');
  const staffMails = (address: string) => mailsTo(services.config.mail.outboxDir, address);
  /** Sends what the outbox holds, so an empty folder means nothing was queued. */
  const drainMail = () => services.mailWorker.drain();

  beforeAll(async () => {
    services = await createTestServices();
    const i18n = await createI18n();
    deps = { db: services.db, clock: () => now, links: services.links, translate: (locale, key, values) => i18n.getFixedT(locale)(key, values) };
  });
  afterAll(async () => services?.close());

  it('tells every editor and admin once a day what is new, with links to the work queue, and each item only once', async () => {
    const site = services.config.siteUrl.replace(/\/+$/, '');
    await createStaffAccount(services, { email: 'admin@ki.example', password: PASSWORD, displayName: 'Aylin Admin', role: 'admin' });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Rami Redaktion', role: 'editor' });
    const ids = await createProviderWithLocation(services.db, 'Verein Brücke e.V.');
    const providerUser = await createStaffAccount(services, { email: 'anbieter@bruecke.example', password: PASSWORD, displayName: 'Anbieterin', role: 'provider' });
    // Not confirmed: may be a bot, so not news yet.
    await insertUser(services.db, { email: 'unbestaetigt@example.org', passwordHash: 'x', displayName: 'Wer', locale: 'de', role: 'provider', verifiedAt: null, now: now.toISOString() });
    await services.db('users').where({ id: providerUser }).update({ provider_id: ids.providerId });
    const first = await createOffer(services.offerDeps, offerInput(ids, { title: 'Nähcafé', status: 'pending' }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Hausaufgabenhilfe', status: 'pending' }));
    await services.db('public_submissions').insert({ token_hash: 'h1', expires_at: now.toISOString(), confirmed_at: now.toISOString(), organisation_name: 'Nähcafé', organisation_kind: 'club', contact_name: 'Frau B.', email: 'b@example.org', locale: 'de', offer: '{}', offer_id: first.id, created_at: now.toISOString() });
    const published = await createOffer(services.offerDeps, offerInput(ids, { title: 'Sprachcafé', status: 'published' }));
    const { providerId: _provider, ...change } = offerInput(ids, { title: 'Sprachcafé am Abend' });
    await saveOwnOffer(services.offerDeps, (await findUserById(services.db, providerUser))!, published.id, change);

    expect(await sendStaffDigestIfDue(deps)).toEqual({ sent: true, recipients: 2, signups: 1, offers: 2, revisions: 1 });
    const [adminMail] = await waitForMails(services.config.mail.outboxDir, 'admin@ki.example', 1);
    expect(adminMail).toContain('Subject: Wegweiser: Neues für das KI (01.03.2027)');
    expect(adminMail).toContain('Guten Tag Aylin Admin,');
    expect(adminMail).toContain(`- Neue bestätigte Anbieter-Konten: 1\n  ${site}/admin/accounts\n`);
    expect(adminMail).toContain('- Neue Angebote zur Prüfung: 2\n  davon ohne Konto eingereicht: 1\n');
    expect(adminMail).toContain('- Änderungen an veröffentlichten Angeboten zur Prüfung: 1\n');
    expect(adminMail).toContain(`Zur Prüfung: ${site}/admin/moderation\n`);
    expect(adminMail).toContain(`Alle Aufgaben im Überblick: ${site}/admin\n`);
    const [editorMail] = await waitForMails(services.config.mail.outboxDir, 'redaktion@ki.example', 1);
    expect(editorMail).toContain('- Neue bestätigte Anbieter-Konten: 1\n- Neue Angebote zur Prüfung: 2');
    // Linking accounts is for admins: the editor's mail has no link to that page.
    expect(editorMail).not.toContain('/admin/accounts');

    // Later the same day: a new offer waits for tomorrow's digest.
    now = new Date('2027-03-01T13:00:00Z');
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Elterncafé', status: 'pending' }));
    expect((await sendStaffDigestIfDue(deps)).sent).toBe(false);
    await drainMail();
    expect(staffMails('admin@ki.example')).toHaveLength(1);

    // The next day only the new offer is news; nothing already reported comes again.
    now = new Date('2027-03-02T07:00:00Z');
    expect(await sendStaffDigestIfDue(deps)).toEqual({ sent: true, recipients: 2, signups: 0, offers: 1, revisions: 0 });
    const second = (await waitForMails(services.config.mail.outboxDir, 'admin@ki.example', 2))[1]!;
    expect(second).toContain('- Neue Angebote zur Prüfung: 1\n\nZur Prüfung:');
    expect(second).not.toContain('Anbieter-Konten');
    expect(second).not.toContain('Änderungen an veröffentlichten');
    expect(second).not.toContain('ohne Konto');

    // A day with nothing new sends nothing, and providers never get the digest.
    now = new Date('2027-03-03T07:00:00Z');
    expect((await sendStaffDigestIfDue(deps)).sent).toBe(false);
    await drainMail();
    expect(staffMails('admin@ki.example')).toHaveLength(2);
    expect(staffMails('redaktion@ki.example')).toHaveLength(2);
    expect(staffMails('anbieter@bruecke.example')).toEqual([]);
    expect(await services.db('staff_digest_items').orderBy(['kind', 'item_id']).select('kind')).toHaveLength(5);
  });
});
