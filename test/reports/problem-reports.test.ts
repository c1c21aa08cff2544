import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { mailsTo } from '../support/mail-outbox.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { formToken, signIn } from '../support/web-session.ts';

describe('problem reports from the offer page', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let now = Date.parse('2026-11-21T09:00:00Z');
  let slug: string;

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, clock: () => new Date(now), i18n: await createI18n() });
    const place = await createProviderWithLocation(services.db);
    slug = (await createOffer(services.offerDeps, offerInput(place, { title: 'Sprachcafé am Markt' }))).slug;
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Redaktion', role: 'editor' });
  });
  afterAll(async () => services?.close());

  /** The mails the outbox worker wrote to the real mail folder for an address, once all queued mail is sent. */
  const mails = async (address: string) => (await services.mailWorker.drain(), mailsTo(services.config.mail.outboxDir, address));

  /** Opens the form, lets `seconds` pass, and sends it. */
  async function report(form: Record<string, string>, seconds = 20) {
    const agent = request.agent(app);
    const csrf = await formToken(agent, `/offers/${slug}/report`);
    now += seconds * 1000;
    return agent.post(`/offers/${slug}/report`).type('form').send({ _csrf: csrf, ...form });
  }

  it('the offer page links to the report form, and a report lands in the staff queue', async () => {
    expect((await request(app).get(`/offers/${slug}`).expect(200)).text).toContain(`href="/offers/${slug}/report"`);
    const thanks = await report({ message: 'Der Kurs ist jetzt dienstags, nicht montags.', email: 'hinweis@example.org' });
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('Danke für Ihre Meldung');
    const { agent } = await signIn(app, 'redaktion@ki.example', 'ein sicheres passwort');
    const queue = await agent.get('/admin/reports').expect(200);
    expect(queue.text).toContain('Der Kurs ist jetzt dienstags, nicht montags.');
    expect(queue.text).toContain('Sprachcafé am Markt');

    const id = (await services.db('problem_reports').where({ message: 'Der Kurs ist jetzt dienstags, nicht montags.' }).first('id')).id;
    const csrf = await formToken(agent, '/admin/reports');
    expect((await agent.post(`/admin/reports/${id}/close`).type('form').send({ _csrf: csrf })).status).toBe(400);
    await agent.post(`/admin/reports/${id}/close`).type('form').send({ _csrf: csrf, outcome: 'no-change' }).expect(303);
    expect(await services.db('problem_reports').where({ id }).first('status', 'outcome')).toEqual({ status: 'closed', outcome: 'no-change' });
    // Closed reports leave the queue (other reports of this file may still be open in it).
    expect((await agent.get('/admin/reports').expect(200)).text).not.toContain('Der Kurs ist jetzt dienstags, nicht montags.');
    expect(await services.db('audit_log').where({ action: 'close-report', entity_id: id }).first('actor_label')).toEqual({ actor_label: 'redaktion@ki.example' });
  });

  it('staff forward a report to the provider, mark the offer "wird geprüft", answer the reporter and close it with an outcome', async () => {
    const place = await createProviderWithLocation(services.db, 'Verein Nachbarschaft');
    const offer = await createOffer(services.offerDeps, offerInput(place, { title: 'Nähtreff Heven' }));
    const providerUser = await createStaffAccount(services, { email: 'leitung@nachbarschaft.example', password: 'ein sicheres passwort', displayName: 'Leitung', role: 'provider' });
    await services.db('users').where({ id: providerUser }).update({ provider_id: place.providerId, email_verified_at: new Date(now).toISOString() });
    const agent = request.agent(app);
    const formCsrf = await formToken(agent, `/offers/${offer.slug}/report`);
    now += 20_000;
    await agent.post(`/offers/${offer.slug}/report`).type('form').send({ _csrf: formCsrf, message: 'Die Telefonnummer ist nicht mehr erreichbar.', email: 'melderin@example.org' }).expect(200);
    const id = (await services.db('problem_reports').where({ offer_id: offer.id }).first('id')).id as number;

    const { agent: staff } = await signIn(app, 'redaktion@ki.example', 'ein sicheres passwort');
    const csrf = await formToken(staff, '/admin/reports');
    await staff.post(`/admin/reports/${id}/forward`).type('form').send({ _csrf: csrf }).expect(303);
    const [forwarded] = await mails('leitung@nachbarschaft.example');
    expect(forwarded).toContain('Subject: Hinweis zu Ihrem Angebot: Nähtreff Heven');
    expect(forwarded).toContain('Die Telefonnummer ist nicht mehr erreichbar.');
    expect(forwarded).toContain(services.links.to(`/account/offers/${offer.id}/edit`));

    expect((await request(app).get(`/offers/${offer.slug}`).expect(200)).text).not.toContain('wird gerade geprüft');
    await staff.post(`/admin/reports/${id}/under-review`).type('form').send({ _csrf: csrf, on: '1' }).expect(303);
    expect((await request(app).get(`/offers/${offer.slug}`).expect(200)).text).toContain('Dieses Angebot wird gerade geprüft.');

    await staff.post(`/admin/reports/${id}/answer`).type('form').send({ _csrf: csrf, answer: 'Danke, der Träger korrigiert die Nummer.' }).expect(303);
    const [answer] = await mails('melderin@example.org');
    expect(answer).toContain('Danke, der Träger korrigiert die Nummer.');
    expect(answer).toContain('Die Telefonnummer ist nicht mehr erreichbar.');

    await staff.post(`/admin/reports/${id}/close`).type('form').send({ _csrf: csrf, outcome: 'provider-corrected' }).expect(303);
    expect((await request(app).get(`/offers/${offer.slug}`).expect(200)).text).not.toContain('wird gerade geprüft');
    const actions = await services.db('audit_log').where({ entity: 'problem_report', entity_id: id }).orderBy('id').pluck('action');
    expect(actions).toEqual(['forward-report', 'answer-report', 'close-report']);
  });

  it('a filled honeypot or a form sent within seconds is thanked but stored nowhere', async () => {
    const before = await services.db('problem_reports').count({ n: '*' }).first();
    expect((await report({ message: 'Kaufen Sie billige Uhren hier jetzt sofort', website: 'http://spam.example' })).text).toContain('Danke für Ihre Meldung');
    expect((await report({ message: 'Automatisch ausgefülltes Formular ohne Pause' }, 1)).text).toContain('Danke für Ihre Meldung');
    expect(await services.db('problem_reports').count({ n: '*' }).first()).toEqual(before);
  });

  it('a too short message is refused in German and the text is kept', async () => {
    const response = await report({ message: 'falsch', email: 'x@example.org' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Bitte beschreiben Sie den Fehler in mindestens 10 Zeichen.');
    expect(response.text).toContain('>falsch</textarea>');
    expect(response.text).toContain('value="x@example.org"');
  });

  it('reports are shown as text in the staff queue, never as markup', async () => {
    await report({ message: '<script>alert(1)</script> und <img src=x onerror=alert(2)>' });
    const { agent } = await signIn(app, 'redaktion@ki.example', 'ein sicheres passwort');
    const queue = await agent.get('/admin/reports').expect(200);
    expect(queue.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(queue.text).not.toMatch(/<img[^>]*onerror/);
  });

  it('there is no report form for an offer that is not published', async () => {
    const place = await createProviderWithLocation(services.db, 'Zweiter Träger');
    const draft = await createOffer(services.offerDeps, offerInput(place, { title: 'Nur ein Entwurf', status: 'draft' }));
    await request(app).get(`/offers/${draft.slug}/report`).expect(404);
  });
});
