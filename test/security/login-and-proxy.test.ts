import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { lockDuration } from '../../server/accounts/login-throttle.ts';
import { createApp } from '../../server/app.ts';
import { parseTrustProxy, StartupError } from '../../server/config/config.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { waitForMails } from '../support/mail-outbox.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';
import { formToken, type Agent } from '../support/web-session.ts';

const PASSWORD = 'das richtige passwort';
const LOCKED = 'Zu viele Fehlversuche von diesem Anschluss';
const WRONG = 'E-Mail-Adresse oder Passwort stimmen nicht.';
let services: TestServices;
let app: ReturnType<typeof createApp>;
let i18n: Awaited<ReturnType<typeof createI18n>>;
let now = Date.now();

beforeAll(async () => {
  // One proxy in front (as behind nginx): the client is the last X-Forwarded-For entry.
  services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000', TRUST_PROXY: '1' });
  i18n = await createI18n();
  app = createApp({ ...services, clock: () => new Date(now), i18n });
  await createStaffAccount(services, { email: 'admin@ki.example', password: PASSWORD, displayName: 'Admin', role: 'admin' });
});
afterAll(async () => services?.close());

/** A browser behind the proxy at a client address. */
function client(address: string, target = app): Agent {
  return request.agent(target).set('X-Forwarded-For', address);
}

async function logIn(agent: Agent, email: string, password: string): Promise<request.Response> {
  const csrf = await formToken(agent, '/account/login');
  return agent.post('/account/login').type('form').send({ _csrf: csrf, email, password });
}

describe('the login pause', () => {
  it('pauses one client after five failures, with the same words for an address that has no account', async () => {
    for (const email of ['admin@ki.example', 'niemand@ki.example']) {
      const attacker = client('203.0.113.7');
      const answers: string[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const text = (await logIn(attacker, email, 'falsch geraten')).text;
        answers.push(text.includes(LOCKED) ? 'locked' : text.includes(WRONG) ? 'wrong' : 'other');
      }
      expect(answers, email).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked', 'locked']);
    }
  });

  it('does not lock the admin out from another address, and the pause grows and ends on its own', async () => {
    const attacker = client('203.0.113.8');
    for (let attempt = 0; attempt < 5; attempt += 1) await logIn(attacker, 'admin@ki.example', 'falsch geraten');
    expect((await logIn(attacker, 'admin@ki.example', PASSWORD)).text).toContain(LOCKED);
    expect((await logIn(client('198.51.100.20'), 'admin@ki.example', PASSWORD)).status).toBe(303);

    now += lockDuration(5) + 1000;
    // After the first pause one more wrong try starts a pause twice as long.
    expect((await logIn(attacker, 'admin@ki.example', 'falsch geraten')).text).toContain(LOCKED);
    now += lockDuration(5) + 1000;
    expect((await logIn(attacker, 'admin@ki.example', PASSWORD)).text).toContain(LOCKED);
    now += lockDuration(6);
    expect((await logIn(attacker, 'admin@ki.example', PASSWORD)).status).toBe(303);
    expect([5, 6, 7, 20].map(lockDuration)).toEqual([60_000, 120_000, 240_000, 3_600_000]);
  });
});

describe('a password reset', () => {
  it('ends every other session of the account, and only the newest reset link works', async () => {
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
    const office = client('198.51.100.30');
    const laptop = client('198.51.100.31');
    for (const agent of [office, laptop]) {
      expect((await logIn(agent, 'redaktion@ki.example', PASSWORD)).status).toBe(303);
      await agent.get('/account').expect(200);
    }
    const requester = client('198.51.100.32');
    for (let round = 0; round < 2; round += 1) {
      const csrf = await formToken(requester, '/account/reset');
      await requester.post('/account/reset').type('form').send({ _csrf: csrf, email: 'redaktion@ki.example' }).expect(200);
    }
    const mails = await waitForMails(services.config.mail.outboxDir, 'redaktion@ki.example', 2);
    const [older, newer] = mails.map((mail) => new URL(/https?:\/\/\S+\/account\/reset\/[A-Za-z0-9_-]+/.exec(mail)![0]).pathname);
    const resetter = client('198.51.100.32');
    const oldCsrf = await formToken(resetter, older!);
    const refused = await resetter.post(older!).type('form').send({ _csrf: oldCsrf, password: 'ein ganz neues passwort' });
    expect(refused.status).toBe(400);
    const csrf = await formToken(resetter, newer!);
    expect((await resetter.post(newer!).type('form').send({ _csrf: csrf, password: 'ein ganz neues passwort' })).status).toBe(200);
    for (const agent of [office, laptop]) {
      const page = await agent.get('/account').expect(303);
      expect(page.headers.location).toBe('/account/login?next=%2Faccount');
    }
    expect((await logIn(client('198.51.100.33'), 'redaktion@ki.example', 'ein ganz neues passwort')).status).toBe(303);
  });
});

describe('TRUST_PROXY', () => {
  it('with one trusted hop, each client behind the proxy has its own rate limit; without it, all share the proxy’s', async () => {
    const statuses = async (trustProxy: string) => {
      const limited = await createTestServices({ ACCOUNT_RATE_LIMIT: '3', TRUST_PROXY: trustProxy });
      try {
        const limitedApp = createApp({ ...limited, i18n });
        const first = client('203.0.113.50', limitedApp);
        const seen: number[] = [];
        for (let attempt = 0; attempt < 4; attempt += 1) seen.push((await logIn(first, 'x@example.org', 'falsch')).status);
        seen.push((await logIn(client('203.0.113.51', limitedApp), 'x@example.org', 'falsch')).status);
        return seen;
      } finally {
        await limited.close();
      }
    };
    expect(await statuses('1')).toEqual([401, 401, 401, 429, 401]);
    expect(await statuses('false')).toEqual([401, 401, 401, 429, 429]);
  });

  it('is read as Express understands it, and a wrong value stops the start with one sentence', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 10.0.0.0/8,::1')).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(() => parseTrustProxy('nginx.local')).toThrow(StartupError);
    expect(() => parseTrustProxy('nginx.local')).toThrow('Configuration error: TRUST_PROXY="nginx.local" is not valid');
  });
});
