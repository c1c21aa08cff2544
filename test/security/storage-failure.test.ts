import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { setDatabaseReadOnly } from '../support/test-database.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';
import { formToken, signIn } from '../support/web-session.ts';

const PASSWORD = 'ein sicheres passwort';
let services: TestServices;
let app: ReturnType<typeof createApp>;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
  app = createApp({ ...services, i18n: await createI18n() });
  await createStaffAccount(services, { email: 'anbieterin@verein.example', password: PASSWORD, displayName: 'Anbieterin', role: 'provider' });
  process.on('unhandledRejection', onRejection);
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await services?.close();
});

/** The database refuses every write, as a read-only database file (or PostgreSQL standby) does. */
const setReadOnly = (on: boolean) => setDatabaseReadOnly(services.db, on);

/** Lets pending promise callbacks run, so a rejection nobody handles would have surfaced. */
const settle = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

describe('when the database cannot be written', () => {
  it('reads keep working, writes answer a clear 503 page, nothing is left unhandled, and all works again afterwards', async () => {
    const { agent: signedIn } = await signIn(app, 'anbieterin@verein.example', PASSWORD);
    const visitor = request.agent(app);
    const csrf = await formToken(visitor, '/account/login');
    await setReadOnly(true);
    try {
      // Reads: a signed-in page (its session cannot be extended) and a search.
      expect((await signedIn.get('/account').expect(200)).text).toContain('Angemeldet als Anbieterin');
      expect((await request(app).get('/search?q=Kurs').expect(200)).text).toContain('<main');
      // A new visitor's form needs a session: a clear page instead of a form that could never be sent.
      const loginPage = await request(app).get('/account/login');
      expect(loginPage.status).toBe(503);
      expect(loginPage.text).toContain('Wir können gerade nichts speichern.');
      expect(loginPage.text).toContain('Suchen und Lesen funktionieren weiter.');
      // Writes: a login (new session) and a sign-up (new account).
      const login = await visitor.post('/account/login').type('form').send({ _csrf: csrf, email: 'anbieterin@verein.example', password: PASSWORD });
      expect(login.status).toBe(503);
      expect(login.text).toContain('Wir können gerade nichts speichern.');
      const english = await request(app).get('/account/signup?lang=en');
      expect(english.status).toBe(503);
      expect(english.text).toContain('We cannot save anything right now.');
      await settle();
      expect(rejections).toEqual([]);
    } finally {
      await setReadOnly(false);
    }
    const again = await signIn(app, 'anbieterin@verein.example', PASSWORD);
    expect(again.response.status).toBe(303);
    expect((await again.agent.get('/account').expect(200)).text).toContain('Angemeldet als Anbieterin');
  });
});
