import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig, StartupError } from '../../server/config/config.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { createMailer } from '../../server/mail/mailer.ts';
import { enqueueMail } from '../../server/mail/mail-outbox-repository.ts';
import { MAIL_MAX_ATTEMPTS, MailOutboxWorker, nextMailAttempt } from '../../server/mail/mail-outbox-worker.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { waitForMailContaining, waitForMails } from '../support/mail-outbox.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { formToken } from '../support/web-session.ts';

const SITE = 'http://wegweiser.example.de';
let services: TestServices;
let app: ReturnType<typeof createApp>;
let now = Date.now();

beforeAll(async () => {
  services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000', PUBLIC_URL: SITE });
  app = createApp({ ...services, clock: () => new Date(now), i18n: await createI18n() });
});
afterAll(async () => services?.close());

const mailWith = (address: string, text: string) => waitForMailContaining(services.config.mail.outboxDir, address, text);
const linkIn = (mail: string, kind: string) => /https?:\/\/\S+/.exec(mail.slice(mail.indexOf(`/${kind}/`) - 60))?.[0] ?? '';

/** Posts a form as a browser that sends a forged Host header with every request. */
async function postWithHost(path: string, host: string, fields: Record<string, string>): Promise<request.Response> {
  const agent = request.agent(app);
  const page = await agent.get(path).set('Host', host).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  now += 5000;
  return agent.post(path).set('Host', host).type('form').send({ _csrf: csrf, ...fields });
}

describe('mailed links come from configuration, never from the Host header', () => {
  it('a reset requested with Host: evil.example mails a link to the configured site', async () => {
    await createStaffAccount(services, { email: 'admin@ki.example', password: 'ein sicheres passwort', displayName: 'Admin', role: 'admin' });
    const sent = await postWithHost('/account/reset', 'evil.example', { email: 'admin@ki.example' });
    expect(sent.status).toBe(200);
    const mail = await mailWith('admin@ki.example', 'Subject: Passwort zurücksetzen');
    expect(mail).not.toContain('evil.example');
    expect(mail).toMatch(new RegExp(`${SITE.replace(/\./g, '\\.')}/account/reset/[A-Za-z0-9_-]{20,}`));
  });

  it('a sign-up with a forged Host gets its confirmation link on the configured site, and an offer page names the configured address', async () => {
    await postWithHost('/account/signup', 'evil.example', { displayName: 'Neu', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'neu@verein.example', password: 'ein sicheres passwort' });
    const mail = await mailWith('neu@verein.example', '/account/verify/');
    expect(mail).not.toContain('evil.example');
    expect(mail).toContain(`${SITE}/account/verify/`);
    const offer = await createOffer(services.offerDeps, offerInput(await createProviderWithLocation(services.db), { title: 'Kanonische Adresse' }));
    const page = await request(app).get(`/offers/${offer.slug}`).set('Host', 'evil.example').expect(200);
    expect(page.text).not.toContain('evil.example');
    expect(page.text).toContain(`${SITE}/offers/${offer.slug}`);
  });

  it('with SMTP the start needs PUBLIC_URL; without SMTP (mail folder) links use the configured port', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example:25' })).toThrow(StartupError);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example:25' })).toThrow('Configuration error: SMTP_URL is set, so PUBLIC_URL must be set too');
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:25', PUBLIC_URL: 'https://wegweiser.example.de/' }).siteUrl).toBe('https://wegweiser.example.de');
    expect(loadConfig({ PORT: '8081' }).siteUrl).toBe('http://localhost:8081');
    expect(() => loadConfig({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(StartupError);
  });
});

describe('the confirmation link can be sent again', () => {
  it('the sign-up and login pages offer it; a new link replaces the old one', async () => {
    for (const path of ['/account/signup', '/account/login']) {
      expect((await request(app).get(path).expect(200)).text).toContain('<a href="/account/verify/resend">Keine E-Mail bekommen? Bestätigungslink erneut senden</a>');
    }
    const agent = request.agent(app);
    let csrf = await formToken(agent, '/account/signup');
    now += 5000;
    await agent.post('/account/signup').type('form').send({ _csrf: csrf, displayName: 'Olena', organisationName: 'Familienzentrum Sonnenschein e.V.', organisationTown: 'Witten', email: 'olena@example.org', password: 'ein sicheres passwort' }).expect(200);
    const [first] = await waitForMails(services.config.mail.outboxDir, 'olena@example.org', 1);
    csrf = await formToken(agent, '/account/verify/resend');
    const resent = await agent.post('/account/verify/resend').type('form').send({ _csrf: csrf, email: 'olena@example.org' }).expect(200);
    expect(resent.text).toContain('haben wir einen neuen Bestätigungslink geschickt');
    const mails = await waitForMails(services.config.mail.outboxDir, 'olena@example.org', 2);
    const oldLink = new URL(linkIn(first!, 'account/verify')).pathname;
    const newLink = new URL(linkIn(mails[1]!, 'account/verify')).pathname;
    expect(newLink).not.toBe(oldLink);
    await request(app).get(oldLink).expect(400);
    await request(app).get(newLink).expect(200);
  });

  it('an unknown or already confirmed address gets the same answer and nothing is queued', async () => {
    for (const email of ['unbekannt@example.org', 'admin@ki.example']) {
      const before = Number((await services.db('mail_outbox').count({ n: '*' }).first())?.n);
      const agent = request.agent(app);
      const csrf = await formToken(agent, '/account/verify/resend');
      const page = await agent.post('/account/verify/resend').type('form').send({ _csrf: csrf, email }).expect(200);
      expect(page.text).toContain('haben wir einen neuen Bestätigungslink geschickt');
      expect(Number((await services.db('mail_outbox').count({ n: '*' }).first())?.n)).toBe(before);
    }
  });
});

describe('the mail outbox worker', () => {
  it('retries with growing pauses and parks a mail after the last attempt', async () => {
    expect(nextMailAttempt(1, new Date(0))?.getTime()).toBe(15_000);
    expect(nextMailAttempt(2, new Date(0))?.getTime()).toBe(30_000);
    expect(nextMailAttempt(7, new Date(0))?.getTime()).toBe(960_000);
    expect(nextMailAttempt(MAIL_MAX_ATTEMPTS, new Date(0))).toBeNull();

    // A mail server address where nothing listens: a real refused connection.
    const logger = createSilentLogger();
    const worker = new MailOutboxWorker({ db: services.db, logger, mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'x <x@example.org>', outboxDir: '/nonexistent', logger, clock: () => new Date() }) });
    await services.mailWorker.stop();
    try {
      await enqueueMail(services.db, { to: 'kaputt@example.org', subject: 'Test', text: 'Hallo' }, new Date());
      for (let attempt = 1; attempt <= MAIL_MAX_ATTEMPTS; attempt += 1) {
        expect(await worker.processDue()).toBe(0);
        const row = await services.db('mail_outbox').where({ recipient: 'kaputt@example.org' }).first();
        expect(row.attempts).toBe(attempt);
        expect(row.parked_at === null).toBe(attempt < MAIL_MAX_ATTEMPTS);
        await services.db('mail_outbox').where({ id: row.id }).update({ next_attempt_at: new Date(Date.now() - 1000).toISOString() });
      }
      expect(await worker.processDue()).toBe(0);
      expect((await services.db('mail_outbox').where({ recipient: 'kaputt@example.org' }).first()).attempts).toBe(MAIL_MAX_ATTEMPTS);
    } finally {
      services.mailWorker.start();
    }
  });
});
