import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
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

    const id = (await services.db('problem_reports').first('id')).id;
    const csrf = await formToken(agent, '/admin/reports');
    await agent.post(`/admin/reports/${id}/close`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await agent.get('/admin/reports').expect(200)).text).toContain('Keine offenen Meldungen.');
    expect(await services.db('audit_log').where({ action: 'close-report', entity_id: id }).first('actor_label')).toEqual({ actor_label: 'redaktion@ki.example' });
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
