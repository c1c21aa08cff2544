import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { runMaintenance } from '../../server/freshness/freshness-service.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { findOffersByIds } from '../../server/offers/offer-repository.ts';
import { createProviderWithLocation, createTestServices, type TestServices } from '../support/test-services.ts';
import { createMailer } from '../../server/mail/mailer.ts';
import { MailOutboxWorker } from '../../server/mail/mail-outbox-worker.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { mailsTo as outboxMails, waitForMailContaining, waitForMails } from '../support/mail-outbox.ts';
import { decisionFields, formToken, signIn, type Agent } from '../support/web-session.ts';

const PASSWORD = 'ein sicheres passwort';

let services: TestServices;
let app: ReturnType<typeof createApp>;
let i18n: Awaited<ReturnType<typeof createI18n>>;
/** The app's clock: a form sent within 3 s of being shown is taken for a bot, and links expire after 48 h. */
let now = Date.now();

beforeAll(async () => {
  services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
  i18n = await createI18n();
  app = createApp({ ...services, clock: () => new Date(now), i18n });
  await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
});
afterAll(async () => services?.close());

/** The mails written to the mail folder for an address, oldest first, decoded. */
const mailsTo = (address: string) => outboxMails(services.config.mail.outboxDir, address);
/** The first mail to an address, once the outbox worker has written it. */
const firstMail = async (address: string) => (await waitForMails(services.config.mail.outboxDir, address, 1))[0];
/** The mail to an address that contains a text, once the outbox worker has written it. */
const mailWith = (address: string, text: string) => waitForMailContaining(services.config.mail.outboxDir, address, text);
/** Queued mails to an address, sent or not: a check that nothing was even queued. */
const queuedTo = async (address: string) => Number((await services.db('mail_outbox').where({ recipient: address }).count({ n: '*' }).first())?.n ?? 0);

/** Opens the mailed link (a page with one button; opening it confirms nothing) and presses the button. */
async function confirmThrough(link: string): Promise<request.Response> {
  const agent = request.agent(app);
  const csrf = await formToken(agent, link);
  return agent.post(link).type('form').send({ _csrf: csrf });
}

function confirmLink(mail: string | undefined): string {
  const url = /https?:\/\/\S+\/submit\/confirm\/[A-Za-z0-9_-]+/.exec(mail ?? '')?.[0];
  if (!url) throw new Error(`no confirmation link in mail: ${mail}`);
  return new URL(url).pathname;
}

/** The public form as a browser without JavaScript sends it. */
function submission(overrides: Record<string, string | string[]> = {}): URLSearchParams {
  const fields: Record<string, string | string[]> = {
    organisation: 'Nachbarschaftshilfe Annen',
    organisationKind: 'club',
    submitterName: 'Mehmet Kaya',
    submitterEmail: 'mehmet@nachbarschaft-annen.example',
    website: '',
    title: 'Erzählcafé für Seniorinnen und Senioren',
    summary: 'Kaffee, Kuchen und Geschichten aus aller Welt.',
    description: 'Jeden Freitag im Stadtteilbüro.',
    categories: ['language-cafe'],
    targetGroups: ['seniors'],
    languages: ['de', 'tr'],
    cost: 'free',
    format: 'in-person',
    'schedule[0][weekday]': '5',
    'schedule[0][opensAt]': '14:30',
    'schedule[0][closesAt]': '16:30',
    placeName: 'Stadtteilbüro Annen',
    placeStreet: 'Annenstraße 110',
    placePostcode: '58453',
    placeDistrict: '',
    placeLatitude: '',
    placeLongitude: '',
    ...overrides,
  };
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
  return form;
}

/** Fetches the form (its token first), lets a person's time pass, and sends it. */
async function send(form: URLSearchParams, options: { agent?: Agent; wait?: number; target?: ReturnType<typeof createApp> } = {}) {
  const agent = options.agent ?? request.agent(options.target ?? app);
  const csrf = await formToken(agent, '/submit');
  now += options.wait ?? 5000;
  form.set('_csrf', csrf);
  return agent.post('/submit').type('form').send(form.toString());
}

const count = async (table: string) => Number((await services.db(table).count({ n: '*' }).first())?.n ?? 0);

describe('offering one offer without an account', () => {
  it('is linked from the login page with a clear German sentence', async () => {
    const login = await request(app).get('/account/login').expect(200);
    expect(login.text).toContain('<a href="/submit">Kein Konto? Ein einzelnes Angebot können Sie auch ohne Konto melden.</a>');
    const form = await request(app).get('/submit').expect(200);
    expect(form.text).toContain('Angebot ohne Konto melden');
    expect(form.text).toContain('name="website"');
    expect(form.text).not.toContain('name="locationIds"');
  });

  it('with the mail server down the answer is the same, and the confirmation mail waits in the outbox until it can be sent', async () => {
    // A real SMTP server address where nothing listens: every attempt fails with a refused connection.
    const down = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000', SMTP_URL: 'smtp://127.0.0.1:9', PUBLIC_URL: 'http://wegweiser.example.de' });
    try {
      const failing = createApp({ ...down, clock: () => new Date(now), i18n });
      const response = await send(submission({ submitterEmail: 'ausfall@example.org', title: 'Angebot bei Mailausfall' }), { target: failing });
      expect(response.status).toBe(200);
      expect(response.text).toContain('Bitte prüfen Sie Ihr Postfach');
      const row = await down.db('public_submissions').where({ email: 'ausfall@example.org' }).first();
      expect(row).toMatchObject({ organisation_name: 'Nachbarschaftshilfe Annen', confirmed_at: null, offer_id: null });
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(48 * 60 * 60 * 1000);
      for (let tries = 0; (await down.db('mail_outbox').where({ recipient: 'ausfall@example.org' }).first('attempts')).attempts === 0; tries += 1) {
        if (tries > 400) throw new Error('the worker never tried to send');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const queued = await down.db('mail_outbox').where({ recipient: 'ausfall@example.org' }).first();
      expect(queued).toMatchObject({ sent_at: null, parked_at: null });
      expect(queued.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(Date.parse(queued.next_attempt_at)).toBeGreaterThan(Date.now());
      // The mail server is back (here: the mail folder): the retry sends the mail with its link to the configured site.
      await down.mailWorker.stop();
      await down.db('mail_outbox').where({ id: queued.id }).update({ next_attempt_at: new Date(Date.now() - 1000).toISOString() });
      const recovered = new MailOutboxWorker({ db: down.db, logger: createSilentLogger(), mailer: createMailer({ ...down.config.mail, smtpUrl: undefined, logger: createSilentLogger(), clock: () => new Date() }) });
      expect(await recovered.processDue()).toBe(1);
      const [mail] = outboxMails(down.config.mail.outboxDir, 'ausfall@example.org');
      expect(mail).toMatch(/http:\/\/wegweiser\.example\.de\/submit\/confirm\/[A-Za-z0-9_-]{20,}/);
      expect(await down.db('mail_outbox').where({ id: queued.id }).first('body', 'sent_at')).toEqual({ body: '', sent_at: expect.any(String) });
    } finally {
      await down.close();
    }
  });

  it('the mailed link confirms it: a pending offer of a new, unverified provider at the new place, in the queue as "ohne Konto eingereicht"', async () => {
    // Other tests of this file add offers too: this one counts from where it starts.
    const offersBefore = await count('offers');
    const page = await send(submission());
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bitte prüfen Sie Ihr Postfach');
    expect(await count('offers')).toBe(offersBefore);
    const mail = await firstMail('mehmet@nachbarschaft-annen.example');
    expect(mail).toContain('Sie haben beim Wegweiser das Angebot „Erzählcafé für Seniorinnen und Senioren“ eingetragen. Bitte bestätigen Sie es');
    const link = confirmLink(mail);
    const token = link.split('/').at(-1)!;
    const row = await services.db('public_submissions').where({ email: 'mehmet@nachbarschaft-annen.example' }).first();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));

    const opened = await request(app).get(link).expect(200);
    expect(opened.text).toContain('Angebot bestätigen');
    expect(await count('offers')).toBe(offersBefore);
    const confirmed = await confirmThrough(link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Angebot bestätigt');
    const offerId = (await services.db('public_submissions').where({ id: row.id }).first('offer_id')).offer_id as number;
    const [offer] = await findOffersByIds(services.db, [offerId]);
    expect(offer).toMatchObject({ status: 'pending', title: 'Erzählcafé für Seniorinnen und Senioren', languages: ['de', 'tr'], schedule: [{ weekday: 5, opensAt: '14:30', closesAt: '16:30' }] });
    expect(offer!.provider).toMatchObject({ name: 'Nachbarschaftshilfe Annen', kind: 'club' });
    expect(await services.db('providers').where({ id: offer!.providerId }).first('verified')).toEqual({ verified: 0 });
    // No town chosen: the postcode names it; no pin: the postcode's centre.
    const centre = services.region.districts.flatMap((district) => district.postcodes).find((postcode) => postcode.code === '58453')!;
    expect(offer!.locations).toEqual([expect.objectContaining({ name: 'Stadtteilbüro Annen', street: 'Annenstraße 110', city: 'Witten', district: 'witten', latitude: centre.lat, longitude: centre.lng })]);
    expect((await request(app).get(`/providers/${offer!.provider.slug}`)).status).toBe(404);

    const again = await confirmThrough(link);
    expect(again.status).toBe(200);
    expect(again.text).toContain('Schon bestätigt');
    expect(await count('offers')).toBe(offersBefore + 1);

    const { agent: editor } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const queue = (await editor.get('/admin/moderation').expect(200)).text;
    expect(queue).toContain('Erzählcafé für Seniorinnen und Senioren');
    expect(queue).toContain('ohne Konto eingereicht');
    expect(queue).toContain('mehmet@nachbarschaft-annen.example');
    expect(queue).toContain('Träger neu angelegt, noch nicht geprüft');
    const review = (await editor.get(`/admin/moderation/offers/${offerId}`).expect(200)).text;
    expect(review).toContain('von Mehmet Kaya:');

    const fields = await decisionFields(editor, `/admin/moderation/offers/${offerId}`);
    await editor.post(`/admin/moderation/offers/${offerId}/approve`).type('form').send(fields).expect(303);
    const approval = await mailWith('mehmet@nachbarschaft-annen.example', 'wurde geprüft');
    expect(approval).toContain('Ihr Angebot „Erzählcafé für Seniorinnen und Senioren“ wurde geprüft und ist jetzt im Wegweiser zu finden');
    expect(approval).toContain(`/offers/${offer!.slug}`);
    expect(await services.db('providers').where({ id: offer!.providerId }).first('verified')).toEqual({ verified: 1 });
    const providerPage = await request(app).get(`/providers/${offer!.provider.slug}`).expect(200);
    expect(providerPage.text).toContain('Annenstraße 110');
  });

  it('a submission in the name of an existing provider never attaches to it; a tampered place id is ignored; a rejection is mailed with its reason', async () => {
    const existing = await createProviderWithLocation(services.db, 'Familienzentrum Regenbogen');
    const response = await send(submission({ organisation: 'Familienzentrum Regenbogen', submitterEmail: 'leitung@regenbogen.example', title: 'Spielgruppe Regenbogen', locationIds: String(existing.locationId) }));
    expect(response.status).toBe(200);
    expect((await confirmThrough(confirmLink(await firstMail('leitung@regenbogen.example')))).status).toBe(200);
    const row = await services.db('public_submissions').where({ email: 'leitung@regenbogen.example' }).first('offer_id');
    const [offer] = await findOffersByIds(services.db, [row.offer_id]);
    // Anyone can type a name: the offer goes to a new, unverified provider for staff to check, and the existing one gains no address.
    expect(offer!.providerId).not.toBe(existing.providerId);
    expect(await services.db('providers').where({ id: offer!.providerId }).first('verified')).toEqual({ verified: 0 });
    expect(offer!.locations.map((location) => location.street)).toEqual(['Annenstraße 110']);
    expect(await services.db('locations').where({ provider_id: existing.providerId }).count({ n: '*' }).first()).toEqual({ n: 1 });

    const { agent: editor } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const fields = await decisionFields(editor, `/admin/moderation/offers/${offer!.id}`);
    await editor.post(`/admin/moderation/offers/${offer!.id}/reject`).type('form').send({ ...fields, reason: 'Bitte nennen Sie das Alter der Kinder.' }).expect(303);
    const rejection = await mailWith('leitung@regenbogen.example', 'konnten wir so nicht veröffentlichen');
    expect(rejection).toContain('Ihr Angebot „Spielgruppe Regenbogen“ konnten wir so nicht veröffentlichen.');
    expect(rejection).toContain('Bitte nennen Sie das Alter der Kinder.');
  });

  it('an expired link is refused with a clear message and creates nothing; an unknown link too', async () => {
    await send(submission({ submitterEmail: 'spaet@example.org', title: 'Zu spät bestätigt' }));
    const link = confirmLink(await firstMail('spaet@example.org'));
    now += 49 * 60 * 60 * 1000;
    const offers = await count('offers');
    const expired = await confirmThrough(link);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Dieser Link ist abgelaufen');
    expect((await confirmThrough('/submit/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(400);
    expect(await count('offers')).toBe(offers);
    // The maintenance job deletes what expired unconfirmed, with the sender's name and e-mail.
    const report = await runMaintenance({
      ...services.offerDeps,
      clock: () => new Date(now),
      translate: (locale, key, values) => i18n.getFixedT(locale)(key, values),
      links: services.links,
      freshness: services.config.freshness,
    });
    expect(report.purgedSubmissions).toBeGreaterThanOrEqual(1);
    expect(await services.db('public_submissions').where({ email: 'spaet@example.org' }).first()).toBeUndefined();
  });

  it('a filled honeypot or a form sent faster than a person types gets the normal answer, and nothing is stored or mailed', async () => {
    const before = await count('public_submissions');
    const bot = await send(submission({ submitterEmail: 'bot@spam.example', website: 'https://spam.example' }));
    expect(bot.status).toBe(200);
    expect(bot.text).toContain('Bitte prüfen Sie Ihr Postfach');
    const hasty = await send(submission({ submitterEmail: 'eilig@spam.example' }), { wait: 500 });
    expect(hasty.text).toContain('Bitte prüfen Sie Ihr Postfach');
    expect(await count('public_submissions')).toBe(before);
    expect(await queuedTo('bot@spam.example')).toBe(0);
    expect(await queuedTo('eilig@spam.example')).toBe(0);
  });

  it('mistakes are named field by field, and everything typed comes back', async () => {
    const before = await count('public_submissions');
    const response = await send(submission({ organisation: '', submitterEmail: 'keine-adresse', categories: [], placePostcode: '99999', description: 'Bitte behalten.' }));
    expect(response.status).toBe(400);
    const summary = /<div class="notice notice-error error-summary"[\s\S]*?<\/div>/.exec(response.text)?.[0] ?? '';
    expect(summary).toContain('href="#organisation"');
    expect(summary).toContain('Bitte geben Sie den Namen Ihrer Organisation ein');
    expect(summary).toContain('href="#submitterEmail"');
    expect(summary).toContain('Bitte wählen Sie mindestens eine Kategorie.');
    expect(summary).toContain('Die Postleitzahl 99999 gehört nicht zu unserer Region.');
    expect(response.text).toContain('value="keine-adresse"');
    expect(response.text).toContain('value="Mehmet Kaya"');
    expect(response.text).toContain('>Bitte behalten.</textarea>');
    expect(response.text).toContain('value="Annenstraße 110"');
    expect(response.text).toMatch(/id="language-tr"[^>]*checked/);
    expect(response.text).toMatch(/<option value="club" selected>/);
    expect(await count('public_submissions')).toBe(before);
  });
});
