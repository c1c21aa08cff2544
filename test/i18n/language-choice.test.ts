import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';
import { waitForMails } from '../support/mail-outbox.ts';
import { formToken } from '../support/web-session.ts';

describe('choosing the language', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  const htmlLang = (text: string) => /<html lang="([a-z]+)" dir="(ltr|rtl)">/.exec(text)?.slice(1);

  it('the browser language is the first guess, also with a region ("fa-IR", "ar-SY"), and is not remembered', async () => {
    const farsi = await request(app).get('/search').set('accept-language', 'fa-IR,fa;q=0.9,en;q=0.5').expect(200);
    expect(htmlLang(farsi.text)).toEqual(['fa', 'rtl']);
    expect(farsi.headers['content-language']).toBe('fa');
    expect(farsi.headers['set-cookie']).toBeUndefined();
    const arabic = await request(app).get('/').set('accept-language', 'ar-SY').expect(200);
    expect(htmlLang(arabic.text)).toEqual(['ar', 'rtl']);
    const unknown = await request(app).get('/').set('accept-language', 'sw-KE').expect(200);
    expect(htmlLang(unknown.text)).toEqual(['de', 'ltr']);
  });

  it('?lang= wins over the browser and is remembered in a cookie for the next pages', async () => {
    const agent = request.agent(app);
    const chosen = await agent.get('/?lang=tr').set('accept-language', 'ru').expect(200);
    expect(htmlLang(chosen.text)).toEqual(['tr', 'ltr']);
    expect(String(chosen.headers['set-cookie'])).toMatch(/lang=tr/);
    const next = await agent.get('/search?q=Kurs').set('accept-language', 'ru').expect(200);
    expect(htmlLang(next.text)).toEqual(['tr', 'ltr']);
    expect(next.text).toContain('name="lang" value="tr"');
  });

  it('?lang= that only repeats what the browser asks for is not stored', async () => {
    const response = await request(app).get('/search?lang=fa').set('accept-language', 'fa-IR').expect(200);
    expect(htmlLang(response.text)).toEqual(['fa', 'rtl']);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('an unknown ?lang= value falls back to German and is not stored', async () => {
    const response = await request(app).get('/?lang=%3Cscript%3E').expect(200);
    expect(htmlLang(response.text)).toEqual(['de', 'ltr']);
    expect(String(response.headers['set-cookie'] ?? '')).not.toMatch(/script/);
  });

  it('every page names each language in its own script in the switcher', async () => {
    const page = await request(app).get('/search?lang=uk').expect(200);
    for (const name of ['Deutsch', 'English', 'العربية', 'فارسی', 'Türkçe', 'Українська', 'Русский']) expect(page.text).toContain(`>${name}</a>`);
    expect(page.text).toMatch(/aria-current="true">Українська</);
  });

  it('numbers in sentences and facets follow the language', async () => {
    const farsi = await request(app).get('/?lang=fa').expect(200);
    expect(farsi.text).toMatch(/[۰-۹]/);
    const german = await request(app).get('/?lang=de').expect(200);
    expect(german.text).not.toMatch(/[۰-۹]/);
  });
});

describe('e-mails in the language of the person', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let now = Date.parse('2026-11-21T10:00:00Z');

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, clock: () => new Date(now), i18n: await createI18n() });
  });
  afterAll(async () => services?.close());


  it('someone who signs up on the Arabic site gets the confirmation mail in Arabic', async () => {
    const agent = request.agent(app);
    await agent.get('/?lang=ar').expect(200);
    const csrf = await formToken(agent, '/account/signup');
    now += 5000;
    const page = await agent.post('/account/signup').type('form').send({ _csrf: csrf, displayName: 'Rana', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'rana@verein.example', password: 'ein sicheres passwort' }).expect(200);
    expect(page.text).toContain('lang="ar" dir="rtl"');
    const [mail] = await waitForMails(services.config.mail.outboxDir, 'rana@verein.example', 1);
    const arabic = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'server', 'i18n', 'locales', 'ar.json'), 'utf8')) as { mail: { verify: { subject: string } } };
    expect(mail).toContain(arabic.mail.verify.subject);
    expect(mail).toMatch(/\p{Script=Arabic}{4,}/u);
    expect(mail).toMatch(/https?:\/\/\S+\/account\/verify\//);
    expect(mail).not.toContain('Bitte bestätigen');
  });
});

