import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { runMaintenance, type FreshnessDeps } from '../../server/freshness/freshness-service.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { mailsTo, waitForMails } from '../support/mail-outbox.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { formToken, signIn } from '../support/web-session.ts';

const DAY = 86_400_000;
const PASSWORD = 'ein sicheres passwort';

describe('stale offers are chased, hidden and brought back', () => {
  let services: TestServices | undefined;
  afterEach(async () => {
    await services?.close();
    services = undefined;
  });

  /** Each test gets its own database and index with three offers: one unconfirmed for 13 months, one fresh, one past its end date. */
  async function setUp() {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    const own = services;
    const clock = { now: new Date('2026-11-21T08:00:00Z') };
    const place = await createProviderWithLocation(own.db, 'Nachbarschaftsverein');
    const monthsAgo = (months: number) => new Date(clock.now.getTime() - months * 30.5 * DAY).toISOString();
    const ids = {
      old: (await createOffer(own.offerDeps, offerInput(place, { title: 'Lange nicht bestätigtes Erzählcafé', email: 'kontakt@verein.example', lastVerifiedAt: monthsAgo(13) }))).id,
      fresh: (await createOffer(own.offerDeps, offerInput(place, { title: 'Frisch bestätigter Lauftreff', lastVerifiedAt: monthsAgo(2) }))).id,
      ended: (await createOffer(own.offerDeps, offerInput(place, { title: 'Sommerkurs beendet', validFrom: '2026-06-01', validUntil: '2026-11-20' }))).id,
    };
    await own.worker.drain();
    const i18n = await createI18n();
    const deps: FreshnessDeps = {
      ...own.offerDeps,
      clock: () => clock.now,
      translate: (locale, key, values) => i18n.getFixedT(locale)(key, values),
      links: own.links,
      freshness: { months: 12, graceDays: 42 },
    };
    const reminders = async () => (await own.mailWorker.drain(), mailsTo(own.config.mail.outboxDir, 'kontakt@verein.example'));
    /** Reminds, then lets the grace period pass and runs again: the old offer is hidden. */
    const expireOld = async () => {
      await runMaintenance(deps);
      clock.now = new Date(clock.now.getTime() + 43 * DAY);
      await runMaintenance(deps);
      await own.worker.drain();
    };
    return { services: own, clock, ids, deps, reminders, expireOld, app: createApp({ ...own, i18n }) };
  }

  const linkIn = (mail: string | undefined) => /http:\/\/localhost:\d+\/offers\/confirm\/[A-Za-z0-9_-]+/.exec(mail ?? '')?.[0] ?? '';

  it('asks about offers unconfirmed for 12 months, ends offers past their end date, and does nothing more when run twice', async () => {
    const { services, deps } = await setUp();
    expect(await runMaintenance(deps)).toEqual({ reminded: 1, expired: 0, ended: 1, purgedSubmissions: 0 });
    const [mail] = await waitForMails(services.config.mail.outboxDir, 'kontakt@verein.example', 1);
    expect(mail).toContain('Lange nicht bestätigtes Erzählcafé');
    expect(linkIn(mail)).not.toBe('');
    expect(await runMaintenance(deps)).toEqual({ reminded: 0, expired: 0, ended: 0, purgedSubmissions: 0 });
    await services.mailWorker.drain();
    expect(await services.db('mail_outbox').count({ n: '*' }).first()).toEqual({ n: 1 });
    await services.worker.drain();
    expect(await searchTitles(services, 'Sommerkurs')).toEqual([]);
    expect(await searchTitles(services, 'Erzählcafé')).toEqual(['Lange nicht bestätigtes Erzählcafé']);
  });

  it('hides an offer still unconfirmed after the grace period, without deleting it', async () => {
    const { services, deps, clock, ids } = await setUp();
    await runMaintenance(deps);
    clock.now = new Date(clock.now.getTime() + 43 * DAY);
    expect(await runMaintenance(deps)).toEqual({ reminded: 0, expired: 1, ended: 0, purgedSubmissions: 0 });
    await services.worker.drain();
    expect(await searchTitles(services, 'Erzählcafé')).toEqual([]);
    expect(await services.db('offers').where({ id: ids.old }).first('status')).toEqual({ status: 'expired' });
    expect(await runMaintenance(deps)).toEqual({ reminded: 0, expired: 0, ended: 0, purgedSubmissions: 0 });
    expect(await searchTitles(services, 'Lauftreff')).toEqual(['Frisch bestätigter Lauftreff']);
  });

  it('the one-click link (a page with one button) brings a hidden offer back into search, once', async () => {
    const { services, ids, reminders, expireOld, app } = await setUp();
    await expireOld();
    const path = new URL(linkIn((await reminders())[0])).pathname;
    const agent = request.agent(app);
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('Ja, das Angebot ist noch aktuell');
    expect(await services.db('offers').where({ id: ids.old }).first('status')).toEqual({ status: 'expired' });
    const csrf = await formToken(agent, path);
    const confirmed = await agent.post(path).type('form').send({ _csrf: csrf }).expect(200);
    expect(confirmed.text).toContain('Danke für die Bestätigung');
    await services.worker.drain();
    expect(await searchTitles(services, 'Erzählcafé')).toEqual(['Lange nicht bestätigtes Erzählcafé']);
    const offer = await services.db('offers').where({ id: ids.old }).first('status', 'reminder_sent_at', 'last_verified_at');
    expect(offer.status).toBe('published');
    expect(offer.reminder_sent_at).toBeNull();
    expect(Date.parse(offer.last_verified_at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await agent.post(path).type('form').send({ _csrf: csrf })).status).toBe(400);
    const actions = (await services.db('audit_log').where({ entity: 'offer', entity_id: ids.old }).orderBy('id').select('action', 'actor_label')).map((row) => `${row.actor_label}:${row.action}`);
    expect(actions).toEqual(['system:remind-still-current', 'system:expire-unconfirmed', 'still-current link:confirm-still-current']);
    expect(await services.db('audit_log').where({ entity: 'offer', entity_id: ids.ended }).pluck('action')).toEqual(['end-by-date']);
  });

  it('staff see overdue offers, filter them, remind again and confirm on the provider\'s behalf', async () => {
    const { services, ids, reminders, expireOld, app } = await setUp();
    await expireOld();
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const hidden = (await agent.get('/admin/freshness').query({ kind: 'expired' }).expect(200)).text;
    expect(hidden).toContain('Lange nicht bestätigtes Erzählcafé');
    expect(hidden).toContain('1 Angebot');
    expect((await agent.get('/admin/freshness').query({ kind: 'reminded' }).expect(200)).text).not.toContain('Erzählcafé');
    expect((await agent.get('/admin/freshness').query({ q: 'Lauftreff' }).expect(200)).text).toContain('Kein Angebot ist überfällig.');

    const csrf = await formToken(agent, '/admin/freshness');
    await agent.post(`/admin/freshness/${ids.old}/remind`).type('form').send({ _csrf: csrf }).expect(303);
    expect(await reminders()).toHaveLength(2);
    await agent.post(`/admin/freshness/${ids.old}/confirm`).type('form').send({ _csrf: csrf, back: '/admin/freshness?kind=expired' }).expect(303);
    await services.worker.drain();
    expect(await searchTitles(services, 'Erzählcafé')).toEqual(['Lange nicht bestätigtes Erzählcafé']);
    const actions = await services.db('audit_log').where({ entity: 'offer', entity_id: ids.old, actor_label: 'redaktion@ki.example' }).orderBy('id').pluck('action');
    expect(actions).toEqual(['remind-still-current', 'confirm-still-current']);
  });
});
