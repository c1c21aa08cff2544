import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { findOffersByIds } from '../../server/offers/offer-repository.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { formToken, signIn } from '../support/web-session.ts';
import { startFakeLibreTranslate, type FakeLibreTranslate } from './fake-libretranslate-server.ts';
import { finishedProgress, requestTranslation, statusesOf } from './translation-support.ts';

const PASSWORD = 'ein sicheres passwort';

/** Everything here talks to a local server that stands for a LibreTranslate server (fake-libretranslate-server.ts). */
describe('machine translation with LibreTranslate (a local server stands for the LibreTranslate API)', () => {
  let libre: FakeLibreTranslate;
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let n = 0;

  async function publishedOffer() {
    n += 1;
    const ids = await createProviderWithLocation(services.db, `Verein ${n}`);
    return createOffer(services.offerDeps, offerInput(ids, { title: 'Elterncafé', summary: 'Eltern treffen sich.', description: 'Mit Kinderbetreuung.', slug: `elterncafe-${n}` }));
  }
  const editor = async () => (await signIn(app, 'redaktion@ki.example', PASSWORD)).agent;

  beforeAll(async () => {
    libre = await startFakeLibreTranslate('libre-key');
    services = await createTestServices({ TRANSLATION_PROVIDER: 'libretranslate', TRANSLATION_URL: libre.url, TRANSLATION_KEY: 'libre-key', ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
  });
  afterAll(async () => {
    await services?.close();
    await libre?.close();
  });

  it('translates into Farsi and Arabic with the documented request, stores them as machine-made, and says there is no glossary', async () => {
    const offer = await publishedOffer();
    const agent = await editor();
    const edit = (await agent.get(`/admin/offers/${offer.id}/edit`).expect(200)).text;
    expect(edit).toContain('Ohne Glossar: Fachbegriffe wie Integrationskurs oder Jobcenter werden nicht einheitlich vorgegeben.');
    expect(edit).toMatch(/id="machine-translate-fa" name="locales" value="fa" checked>/);
    const page = await finishedProgress(agent, await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['fa', 'ar']));
    expect(statusesOf(page)).toEqual({ fa: 'made', ar: 'made' });

    expect(libre.requests.find((body) => body.target === 'fa')).toEqual({ q: ['Elterncafé', 'Eltern treffen sich.', 'Mit Kinderbetreuung.'], source: 'de', target: 'fa', format: 'text', api_key: 'libre-key' });
    const [stored] = await findOffersByIds(services.db, [offer.id]);
    expect(stored!.translations.find((t) => t.locale === 'fa')).toMatchObject({ title: '[fa] Elterncafé', summary: '[fa] Eltern treffen sich.', machine: { provider: 'libretranslate' } });
    expect((await request(app).get(`/offers/${offer.slug}?lang=fa`).expect(200)).text).toContain('<span class="machine-translation-label">ترجمه ماشینی</span>');
  });

  it('a refused key (403) fails the job with a sentence, not the request, and stores nothing', async () => {
    const offer = await publishedOffer();
    const agent = await editor();
    libre.apiKey = 'another-key';
    try {
      const page = await finishedProgress(agent, await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['uk']));
      expect(statusesOf(page)).toEqual({ uk: 'failed' });
      expect(page).toContain('Der Übersetzungsdienst hat den Schlüssel abgelehnt (TRANSLATION_KEY prüfen).');
    } finally {
      libre.apiKey = 'libre-key';
    }
    expect(await services.db('offer_translations').where({ offer_id: offer.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});

describe('machine translation switched off', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
  });
  afterAll(async () => services?.close());

  it('the edit page says how to switch it on instead of a button, and a posted request is refused without queueing', async () => {
    const ids = await createProviderWithLocation(services.db);
    const offer = await createOffer(services.offerDeps, offerInput(ids));
    const agent = (await signIn(app, 'redaktion@ki.example', PASSWORD)).agent;
    const edit = (await agent.get(`/admin/offers/${offer.id}/edit`).expect(200)).text;
    expect(edit).toContain('<p class="notice" id="machine-translation-off">Maschinelle Übersetzung ist ausgeschaltet. Der Betrieb schaltet sie mit den Umgebungsvariablen TRANSLATION_PROVIDER (deepl oder libretranslate), TRANSLATION_KEY und – für LibreTranslate – TRANSLATION_URL ein und startet Wegweiser danach neu.</p>');
    expect(edit).not.toContain(`action="/admin/offers/${offer.id}/translate"`);

    const csrf = await formToken(agent, `/admin/offers/${offer.id}/edit`);
    const refused = await agent.post(`/admin/offers/${offer.id}/translate`).type('form').send({ _csrf: csrf, locales: 'ar' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Maschinelle Übersetzung ist nicht eingeschaltet.');
    expect(await services.db('translation_outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
    // In the reader's language too (?lang= is remembered, so asked last).
    const english = (await agent.get(`/admin/offers/${offer.id}/edit?lang=en`).expect(200)).text;
    expect(english).toContain('Machine translation is switched off. The operators switch it on with the environment variables TRANSLATION_PROVIDER');
  });
});
