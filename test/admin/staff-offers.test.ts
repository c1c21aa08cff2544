import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { mailsTo } from '../support/mail-outbox.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { formToken, signIn } from '../support/web-session.ts';

const PASSWORD = 'ein sicheres passwort';

describe('staff run any offer directly', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let accounts = 0;

  /** A provider with a linked account and one published offer of its own. */
  async function publishedOffer(title: string) {
    accounts += 1;
    const ids = await createProviderWithLocation(services.db, `Träger ${accounts}`);
    const email = `anbieter${accounts}@traeger.example`;
    const userId = await createStaffAccount(services, { email, password: PASSWORD, displayName: 'Anbieter', role: 'provider' });
    await services.db('users').where({ id: userId }).update({ provider_id: ids.providerId });
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title, status: 'published' }));
    const mails = async () => (await services.mailWorker.drain(), mailsTo(services.config.mail.outboxDir, email));
    return { ids, offer, email, mails };
  }

  const editor = async () => (await signIn(app, 'redaktion@ki.example', PASSWORD)).agent;

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
  });
  afterAll(async () => services?.close());

  it('an editor finds an offer by a word of its provider and changes it at once; it is logged and the provider is told', async () => {
    const { ids, offer, mails } = await publishedOffer('Frauentreff Annen');
    const agent = await editor();
    const list = (await agent.get('/admin/offers').query({ q: `träger ${accounts}`, status: 'published' }).expect(200)).text;
    expect(list).toContain('Frauentreff Annen');
    expect(list).toContain('1 Angebot');
    const csrf = await formToken(agent, `/admin/offers/${offer.id}/edit`);
    const body = new URLSearchParams({ _csrf: csrf, title: 'Frauentreff Annen am Mittwoch', summary: 'Treffen.', description: 'Text.', cost: 'free', format: 'in-person' });
    for (const [name, value] of [['categories', 'language-cafe'], ['languages', 'de'], ['targetGroups', 'parents'], ['locationIds', String(ids.locationId)]]) body.append(name!, value!);
    await agent.post(`/admin/offers/${offer.id}/edit`).type('form').send(body.toString()).expect(303);
    await services.worker.drain();
    expect(await searchTitles(services, 'Frauentreff')).toEqual(['Frauentreff Annen am Mittwoch']);
    expect(await services.db('audit_log').where({ entity: 'offer', entity_id: offer.id, action: 'staff-edit' }).first('actor_label')).toEqual({ actor_label: 'redaktion@ki.example' });
    const [mail] = await mails();
    expect(mail).toContain('Subject: Geändert durch die Redaktion: Frauentreff Annen');
  });

  it('an editor takes an offer out with a reason the provider reads, and restores it', async () => {
    const { offer, email, mails } = await publishedOffer('Sprachkurs Heven');
    const agent = await editor();
    const csrf = await formToken(agent, '/admin/offers');
    const refused = await agent.post(`/admin/offers/${offer.id}/archive`).type('form').send({ _csrf: csrf, reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Bitte begründen Sie in einem Satz');
    await agent.post(`/admin/offers/${offer.id}/archive`).type('form').send({ _csrf: csrf, reason: 'Der Kurs findet nicht mehr statt.' }).expect(303);
    await services.worker.drain();
    expect(await searchTitles(services, 'Sprachkurs Heven')).toEqual([]);
    expect((await mails())[0]).toContain('Der Kurs findet nicht mehr statt.');
    const provider = (await signIn(app, email, PASSWORD)).agent;
    expect((await provider.get('/account').expect(200)).text).toContain('Der Kurs findet nicht mehr statt.');

    await agent.post(`/admin/offers/${offer.id}/restore`).type('form').send({ _csrf: csrf }).expect(303);
    await services.worker.drain();
    expect(await searchTitles(services, 'Sprachkurs Heven')).toEqual(['Sprachkurs Heven']);
    expect((await mails()).at(-1)).toContain('Subject: Wieder im Verzeichnis: Sprachkurs Heven');
    const actions = await services.db('audit_log').where({ entity: 'offer', entity_id: offer.id }).orderBy('id').pluck('action');
    expect(actions).toEqual(['archive', 'restore']);
    expect((await agent.post(`/admin/offers/${offer.id}/restore`).type('form').send({ _csrf: csrf })).status).toBe(409);
  });
});
