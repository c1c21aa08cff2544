import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';
import { waitForMailContaining, waitForMails } from '../support/mail-outbox.ts';
import { formToken, signIn } from '../support/web-session.ts';

let services: TestServices;
let app: ReturnType<typeof createApp>;
/** The app's clock: sign-up forms sent within 3 s of being shown are taken for bots, so tests let time pass. */
let now = Date.now();

beforeAll(async () => {
  services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
  app = createApp({ ...services, clock: () => new Date(now), i18n: await createI18n() });
});

/** The sign-up form's token, after a person's few seconds of typing. */
async function signUpToken(agent: Parameters<typeof formToken>[0]): Promise<string> {
  const csrf = await formToken(agent, '/account/signup');
  now += 5000;
  return csrf;
}
afterAll(async () => services?.close());

/** The mails the outbox worker wrote to the mail folder for an address, oldest first, once `count` have arrived. */
const mailsTo = (address: string, count = 1) => waitForMails(services.config.mail.outboxDir, address, count);
/** The mail to an address containing a text, once written. */
const mailWith = (address: string, text: string) => waitForMailContaining(services.config.mail.outboxDir, address, text);
/** Mails queued for an address, sent or not. */
const queuedTo = async (address: string) => Number((await services.db('mail_outbox').where({ recipient: address }).count({ n: '*' }).first())?.n ?? 0);


function linkIn(mail: string | undefined): string {
  const url = /https?:\/\/\S+\/account\/(?:verify|reset)\/[A-Za-z0-9_-]+/.exec(mail ?? '')?.[0];
  if (!url) throw new Error(`no link in mail: ${mail}`);
  return new URL(url).pathname;
}

async function signUpAndVerify(email: string, password = 'ein sicheres passwort'): Promise<void> {
  const agent = request.agent(app);
  const token = await signUpToken(agent);
  await agent.post('/account/signup').type('form').send({ _csrf: token, displayName: 'Aylin Demir', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email, password }).expect(200);
  await request(app).get(linkIn((await mailsTo(email)).at(-1))).expect(200);
}

const logIn = (email: string, password: string) => signIn(app, email, password);

describe('provider accounts', () => {
  it('sign-up sends a confirmation link; after confirming, the provider signs in and sees their area', async () => {
    const agent = request.agent(app);
    const token = await signUpToken(agent);
    const page = await agent.post('/account/signup').type('form').send({ _csrf: token, displayName: 'Aylin Demir', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'Aylin@Familienzentrum.example', password: 'ein sicheres passwort' }).expect(200);
    expect(page.text).toContain('Bitte prüfen Sie Ihr Postfach');
    const [mail] = await mailsTo('aylin@familienzentrum.example');
    expect(mail).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse');

    const before = await logIn('aylin@familienzentrum.example', 'ein sicheres passwort');
    expect(before.response.status).toBe(401);
    expect(before.response.text).toContain('Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse');

    const verified = await request(app).get(linkIn(mail)).expect(200);
    expect(verified.text).toContain('E-Mail-Adresse bestätigt');
    await request(app).get(linkIn(mail)).expect(400);

    const { agent: signedIn, response } = await logIn('aylin@familienzentrum.example', 'ein sicheres passwort');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/account');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const area = await signedIn.get('/account').expect(200);
    expect(area.text).toContain('Angemeldet als Aylin Demir');
    expect(area.text).toContain('noch keiner Organisation zugeordnet');
    // Public pages know the signed-in user too: the header offers their area, not the login.
    const searchPage = await signedIn.get('/search?q=Kurs').expect(200);
    expect(searchPage.text).toContain('href="/account">Mein Bereich');
    expect(searchPage.text).not.toContain('href="/account/login"');

    const logoutToken = /class="logout-form"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(area.text)?.[1];
    await signedIn.post('/account/logout').type('form').send({ _csrf: logoutToken }).expect(303);
    const after = await signedIn.get('/account').expect(303);
    expect(after.headers.location).toBe('/account/login?next=%2Faccount');
  });

  it('a second sign-up with the same address reveals nothing and creates no account', async () => {
    await signUpAndVerify('doppelt@example.org');
    const agent = request.agent(app);
    const csrf = await signUpToken(agent);
    const page = await agent.post('/account/signup').type('form').send({ _csrf: csrf, displayName: 'Jemand anderes', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'DOPPELT@example.org', password: 'noch ein passwort' }).expect(200);
    expect(page.text).toContain('Bitte prüfen Sie Ihr Postfach');
    expect(await mailWith('doppelt@example.org', 'Subject: Sie haben bereits ein Konto')).toContain('/account/login');
    expect(await services.db('users').where({ email: 'doppelt@example.org' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('a form with mistakes names each field and keeps what was typed, but never the password', async () => {
    const agent = request.agent(app);
    const csrf = await signUpToken(agent);
    const page = await agent.post('/account/signup').type('form').send({ _csrf: csrf, displayName: 'Olena', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'kein-at-zeichen', password: 'kurz' }).expect(400);
    expect(page.text).toContain('Bitte geben Sie eine gültige E-Mail-Adresse ein.');
    expect(page.text).toContain('Das Passwort braucht mindestens 10 Zeichen.');
    expect(page.text).toContain('value="Olena"');
    expect(page.text).toContain('value="kein-at-zeichen"');
    expect(page.text).not.toContain('value="kurz"');
    expect(page.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
  });

  it('sign-up asks for the organisation and its town: each missing one is named, and what was typed is kept for staff', async () => {
    const agent = request.agent(app);
    const csrf = await signUpToken(agent);
    const page = await agent.post('/account/signup').type('form').send({ _csrf: csrf, displayName: 'Tarek Haddad', organisationName: ' ', email: 'tarek@nachbarschaft.example', password: 'ein sicheres passwort' }).expect(400);
    expect(page.text).toContain('Bitte geben Sie den Namen Ihrer Organisation ein.');
    expect(page.text).toContain('Bitte geben Sie den Ort Ihrer Organisation ein.');
    expect(page.text).toMatch(/id="organisationName"[^>]*aria-invalid="true"/);
    expect(page.text).toMatch(/id="organisationTown"[^>]*aria-invalid="true"/);
    expect(page.text).toContain('value="tarek@nachbarschaft.example"');
    expect(await services.db('users').where({ email: 'tarek@nachbarschaft.example' }).first()).toBeUndefined();

    const english = request.agent(app);
    const englishCsrf = await signUpToken(english);
    const translated = await english.post('/account/signup?lang=en').type('form').send({ _csrf: englishCsrf, displayName: 'Tarek Haddad', organisationName: 'Nachbarschaftshilfe Annen', email: 'tarek@nachbarschaft.example', password: 'ein sicheres passwort' }).expect(400);
    expect(translated.text).toContain('Please enter the town of your organisation.');
    expect(translated.text).not.toContain('Please enter the name of your organisation.');

    const again = request.agent(app);
    const againCsrf = await signUpToken(again);
    await again.post('/account/signup').type('form').send({ _csrf: againCsrf, displayName: 'Tarek Haddad', organisationName: '  Nachbarschaftshilfe Annen e.V. ', organisationTown: 'Witten', email: 'tarek@nachbarschaft.example', password: 'ein sicheres passwort' }).expect(200);
    const stored = await services.db('users').where({ email: 'tarek@nachbarschaft.example' }).first('organisation_name', 'organisation_town');
    expect(stored).toEqual({ organisation_name: 'Nachbarschaftshilfe Annen e.V.', organisation_town: 'Witten' });
  });

  it('five wrong passwords lock the account; a password reset lifts the lock', async () => {
    await signUpAndVerify('gesperrt@example.org', 'das richtige passwort');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await logIn('gesperrt@example.org', 'falsches passwort')).response.text).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
    }
    expect((await logIn('gesperrt@example.org', 'falsches passwort')).response.text).toContain('Zu viele Fehlversuche von diesem Anschluss');
    const whileLocked = await logIn('gesperrt@example.org', 'das richtige passwort');
    expect(whileLocked.response.status).toBe(401);
    expect(whileLocked.response.text).toContain('Zu viele Fehlversuche');

    const agent = request.agent(app);
    const csrf = await formToken(agent, '/account/reset');
    const sent = await agent.post('/account/reset').type('form').send({ _csrf: csrf, email: 'gesperrt@example.org' }).expect(200);
    expect(sent.text).toContain('Wenn es zu dieser Adresse ein Konto gibt');
    const resetPath = linkIn(await mailWith('gesperrt@example.org', 'Subject: Passwort zurücksetzen'));
    const resetAgent = request.agent(app);
    const resetCsrf = await formToken(resetAgent, resetPath);
    await resetAgent.post(resetPath).type('form').send({ _csrf: resetCsrf, password: 'ein neues langes passwort' }).expect(200);
    expect((await logIn('gesperrt@example.org', 'ein neues langes passwort')).response.status).toBe(303);
    expect((await logIn('gesperrt@example.org', 'das richtige passwort')).response.status).toBe(401);
    const audit = await services.db('audit_log').whereIn('action', ['lock-account', 'reset-password']).select('action');
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['lock-account', 'reset-password']));
  });

  it('an unknown address gets the same answer as a wrong password, and a reset request for it sends nothing', async () => {
    const unknown = await logIn('niemand@example.org', 'irgendein passwort');
    expect(unknown.response.status).toBe(401);
    expect(unknown.response.text).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
    const agent = request.agent(app);
    const csrf = await formToken(agent, '/account/reset');
    const page = await agent.post('/account/reset').type('form').send({ _csrf: csrf, email: 'niemand@example.org' }).expect(200);
    expect(page.text).toContain('Wenn es zu dieser Adresse ein Konto gibt');
    expect(await queuedTo('niemand@example.org')).toBe(0);
  });

  it('a sign-up from a bot (hidden field filled, or sent at once) is thanked but creates no account', async () => {
    const agent = request.agent(app);
    const csrf = await signUpToken(agent);
    const trap = await agent.post('/account/signup').type('form').send({ _csrf: csrf, displayName: 'Bot', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'bot1@example.org', password: 'ein sicheres passwort', website: 'http://spam.example' }).expect(200);
    expect(trap.text).toContain('Bitte prüfen Sie Ihr Postfach');
    const quick = request.agent(app);
    const quickCsrf = await formToken(quick, '/account/signup');
    await quick.post('/account/signup').type('form').send({ _csrf: quickCsrf, displayName: 'Bot', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'bot2@example.org', password: 'ein sicheres passwort' }).expect(200);
    expect(await services.db('users').whereIn('email', ['bot1@example.org', 'bot2@example.org']).count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await queuedTo('bot1@example.org')).toBe(0);
  });

  it('refuses a form without its CSRF token', async () => {
    const response = await request(app).post('/account/login').type('form').send({ email: 'a@example.org', password: 'x' }).expect(403);
    expect(response.text).toContain('Das Formular ist abgelaufen');
  });

  it('after login it goes only to a local next page, never to another site', async () => {
    await signUpAndVerify('weiter@example.org');
    for (const [next, expected] of [['/account', '/account'], ['//evil.example/x', '/account'], ['https://evil.example', '/account'], ['/\\evil.example', '/account']]) {
      const agent = request.agent(app);
      const csrf = await formToken(agent, '/account/login');
      const response = await agent.post('/account/login').type('form').send({ _csrf: csrf, email: 'weiter@example.org', password: 'ein sicheres passwort', next });
      expect(response.headers.location, next).toBe(expected);
    }
  });

  it('a visitor who only searches gets no cookie', async () => {
    const response = await request(app).get('/search?q=Kurs').expect(200);
    expect(response.headers['set-cookie']?.toString() ?? '').not.toContain('wegweiser.sid');
  });

  it('limits posts to the account forms per address: the 4th within a quarter hour with a limit of 3 is refused', async () => {
    const limited = await createTestServices({ ACCOUNT_RATE_LIMIT: '3' });
    try {
      const limitedApp = createApp({ ...limited, i18n: await createI18n() });
      const agent = request.agent(limitedApp);
      const csrf = await formToken(agent, '/account/login');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        statuses.push((await agent.post('/account/login').type('form').send({ _csrf: csrf, email: 'x@example.org', password: 'falsch' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
