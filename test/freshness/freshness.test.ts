import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { runMaintenance, type FreshnessDeps } from '../../server/freshness/freshness-service.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { waitForMails } from '../support/mail-outbox.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { formToken } from '../support/web-session.ts';

const DAY = 86_400_000;

describe('stale offers are chased, hidden and brought back', () => {
  let services: TestServices;
  let now = new Date('2026-11-21T08:00:00Z');
  let reminderLink = '';
  let deps: FreshnessDeps;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    services = await createTestServices();
    const place = await createProviderWithLocation(services.db, 'Nachbarschaftsverein');
    const monthsAgo = (months: number) => new Date(now.getTime() - months * 30.5 * DAY).toISOString();
    ids.old = (await createOffer(services.offerDeps, offerInput(place, { title: 'Lange nicht bestätigtes Erzählcafé', email: 'kontakt@verein.example', lastVerifiedAt: monthsAgo(13) }))).id;
    ids.fresh = (await createOffer(services.offerDeps, offerInput(place, { title: 'Frisch bestätigter Lauftreff', lastVerifiedAt: monthsAgo(2) }))).id;
    ids.ended = (await createOffer(services.offerDeps, offerInput(place, { title: 'Sommerkurs beendet', validFrom: '2026-06-01', validUntil: '2026-11-20' }))).id;
    await services.worker.drain();
    const i18n = await createI18n();
    deps = {
      ...services.offerDeps,
      clock: () => now,
      translate: (locale, key, values) => i18n.getFixedT(locale)(key, values),
      links: services.links,
      freshness: { months: 12, graceDays: 42 },
    };
  });
  afterAll(async () => services?.close());

  it('asks about offers unconfirmed for 12 months, ends offers past their end date, and does nothing more when run twice', async () => {
    expect(await runMaintenance(deps)).toEqual({ reminded: 1, expired: 0, ended: 1, purgedSubmissions: 0 });
    const [mail] = await waitForMails(services.config.mail.outboxDir, 'kontakt@verein.example', 1);
    expect(mail).toContain('Lange nicht bestätigtes Erzählcafé');
    reminderLink = /http:\/\/localhost:\d+\/offers\/confirm\/[A-Za-z0-9_-]+/.exec(mail ?? '')?.[0] ?? '';
    expect(reminderLink).not.toBe('');
    expect(await runMaintenance(deps)).toEqual({ reminded: 0, expired: 0, ended: 0, purgedSubmissions: 0 });
    await services.mailWorker.drain();
    expect(await services.db('mail_outbox').count({ n: '*' }).first()).toEqual({ n: 1 });
    await services.worker.drain();
    expect(await searchTitles(services, 'Sommerkurs')).toEqual([]);
    expect(await searchTitles(services, 'Erzählcafé')).toEqual(['Lange nicht bestätigtes Erzählcafé']);
  });

  it('hides an offer still unconfirmed after the grace period, without deleting it', async () => {
    now = new Date(now.getTime() + 43 * DAY);
    expect(await runMaintenance(deps)).toEqual({ reminded: 0, expired: 1, ended: 0, purgedSubmissions: 0 });
    await services.worker.drain();
    expect(await searchTitles(services, 'Erzählcafé')).toEqual([]);
    expect(await services.db('offers').where({ id: ids.old }).first('status')).toEqual({ status: 'expired' });
    expect(await runMaintenance(deps)).toEqual({ reminded: 0, expired: 0, ended: 0, purgedSubmissions: 0 });
    expect(await searchTitles(services, 'Lauftreff')).toEqual(['Frisch bestätigter Lauftreff']);
  });

  it('the one-click link (a page with one button) brings it back into search, once', async () => {
    const app = createApp({ ...services, i18n: await createI18n() });
    const path = new URL(reminderLink).pathname;
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
    const again = await agent.post(path).type('form').send({ _csrf: csrf });
    expect(again.status).toBe(400);
  });

  it('records every automatic step in the audit log', async () => {
    const actions = (await services.db('audit_log').where({ entity: 'offer' }).select('action', 'actor_label')).map((row) => `${row.actor_label}:${row.action}`);
    expect(actions).toEqual(expect.arrayContaining(['system:remind-still-current', 'system:end-by-date', 'system:expire-unconfirmed', 'still-current link:confirm-still-current']));
  });
});
