import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { redactUrl } from '../../server/logging/redact-url.ts';
import { createMailer } from '../../server/mail/mailer.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';

const TOKEN = 'Zq3xV9kL2mN8pR4sT6uW0yA1bC5dE7fG9hJ2kL4mN6p';

/** A real pino logger whose lines land in an array. */
function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { logger: pino({ level: 'info' }, stream), lines };
}

let services: TestServices;
const folders: string[] = [];
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
  folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

describe('secrets stay out of logs', () => {
  it('redacts the token of every mailed link and secret query values, and keeps the rest', () => {
    expect(redactUrl(`/account/reset/${TOKEN}`)).toBe('/account/reset/[redacted]');
    expect(redactUrl(`/account/verify/${TOKEN}?lang=ar`)).toBe('/account/verify/[redacted]?lang=ar');
    expect(redactUrl(`/submit/confirm/${TOKEN}`)).toBe('/submit/confirm/[redacted]');
    expect(redactUrl(`/offers/confirm/${TOKEN}`)).toBe('/offers/confirm/[redacted]');
    expect(redactUrl('/account/verify/resend')).toBe('/account/verify/resend');
    expect(redactUrl(`/search?q=Sprachcaf%C3%A9&token=${TOKEN}&Key=abc`)).toBe('/search?q=Sprachcaf%C3%A9&token=[redacted]&Key=[redacted]');
    expect(redactUrl('/offers/sprachcafe-witten')).toBe('/offers/sprachcafe-witten');
  });

  it('the request log of a reset link names the path without its token', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp({ ...services, logger, i18n: await createI18n() });
    await request(app).get(`/account/reset/${TOKEN}`).expect(200);
    await request(app).get(`/offers/confirm/${TOKEN}?token=${TOKEN}`).expect(200);
    const log = lines.join('');
    expect(log).toContain('"url":"/account/reset/[redacted]"');
    expect(log).toContain('"url":"/offers/confirm/[redacted]?token=[redacted]"');
    expect(log).not.toContain(TOKEN);
  });

  it('the mail-folder mailer logs that a mail was written and where, never its links', async () => {
    const { logger, lines } = capturingLogger();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-maillog-'));
    folders.push(folder);
    const mailer = createMailer({ smtpUrl: undefined, from: 'Wegweiser <no-reply@example.org>', outboxDir: folder, logger, clock: () => new Date() });
    await mailer.send({ to: 'person@example.org', subject: 'Passwort zurücksetzen', text: `Link: http://localhost:3000/account/reset/${TOKEN}` });
    const [file] = readdirSync(folder);
    const log = lines.join('');
    expect(log).toContain(path.join(folder, file!));
    expect(log).toContain('mail written to the mail folder');
    expect(log).not.toContain(TOKEN);
  });
});
