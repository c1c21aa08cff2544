import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { findOffersByIds } from '../../server/offers/offer-repository.ts';
import { createOffer, updateOffer } from '../../server/offers/offer-service.ts';
import type { Offer, OfferInput } from '../../server/offers/offer-types.ts';
import { toInput } from '../../server/moderation/moderation-diff.ts';
import { sourceHash } from '../../server/translation/translation-source.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';
import { decisionFields, formToken, signIn } from '../support/web-session.ts';
import { startFakeDeepl, type FakeDeepl } from './fake-deepl-server.ts';
import { finishedProgress, requestTranslation, statusesOf, waitFor } from './translation-support.ts';

const PASSWORD = 'ein sicheres passwort';
const GERMAN = {
  title: 'Sprachcafé im Familienzentrum',
  summary: 'Deutsch üben bei Kaffee.',
  description: 'Wir sprechen über den Alltag.',
  registrationNote: 'Bitte melden Sie sich beim Jobcenter an.',
  bringAlong: 'Ausweis',
};

/** Everything here talks to a local server that stands for DeepL's API v2 (fake-deepl-server.ts), never to DeepL. */
describe('machine translation with DeepL (a local server stands for the DeepL API)', () => {
  let deepl: FakeDeepl;
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let n = 0;

  async function publishedOffer(overrides: Partial<OfferInput> = {}): Promise<{ offer: Offer; ids: { providerId: number; locationId: number } }> {
    n += 1;
    const ids = await createProviderWithLocation(services.db, `Träger ${n}`);
    const offer = await createOffer(services.offerDeps, offerInput(ids, { ...GERMAN, slug: `sprachcafe-${n}`, ...overrides }));
    return { offer, ids };
  }
  const editor = async () => (await signIn(app, 'redaktion@ki.example', PASSWORD)).agent;
  const stored = async (offerId: number) => (await findOffersByIds(services.db, [offerId]))[0]!;
  const translationOf = async (offerId: number, locale: string) => (await stored(offerId)).translations.find((t) => t.locale === locale);
  const translateRequests = (target: string) => deepl.requests.filter((r) => r.path === '/v2/translate' && r.body.target_lang === target);

  beforeAll(async () => {
    deepl = await startFakeDeepl();
    services = await createTestServices({ TRANSLATION_PROVIDER: 'deepl', TRANSLATION_URL: deepl.url, TRANSLATION_KEY: deepl.key, ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
  });
  afterAll(async () => {
    await services?.close();
    await deepl?.close();
  });
  beforeEach(() => {
    deepl.failWith = null;
  });

  it('staff choose languages; every requested field comes back translated, stored as machine-made, with a glossary made through the API and its id sent', async () => {
    await services.db('app_meta').where('key', 'like', 'deepl-glossary:%').delete();
    const { offer } = await publishedOffer();
    const agent = await editor();
    const edit = (await agent.get(`/admin/offers/${offer.id}/edit`).expect(200)).text;
    expect(edit).toContain(`action="/admin/offers/${offer.id}/translate"`);
    expect(edit).toMatch(/id="machine-translate-ar" name="locales" value="ar" checked/);

    const progress = await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['en', 'ar']);
    expect(progress).toMatch(new RegExp(`^/admin/offers/${offer.id}/translations/[0-9a-f]{16}$`));
    const page = await finishedProgress(agent, progress);
    expect(statusesOf(page)).toEqual({ en: 'made', ar: 'made' });
    expect(page).toContain('Fertig: 2 übersetzt, 0 nicht übersetzt.');

    const ar = await translationOf(offer.id, 'ar');
    expect(ar).toEqual({
      locale: 'ar',
      title: '[AR] مقهى اللغة im مركز الأسرة',
      summary: '[AR] Deutsch üben bei Kaffee.',
      description: '[AR] Wir sprechen über den Alltag.',
      registrationNote: '[AR] Bitte melden Sie sich beim مركز العمل (Jobcenter) an.',
      bringAlong: '[AR] Ausweis',
      machine: { provider: 'deepl', madeAt: expect.any(String), sourceHash: sourceHash(offer) },
    });
    expect((await translationOf(offer.id, 'en'))?.title).toBe('[EN-GB] language café im family centre');

    const created = deepl.requests.filter((r) => r.path === '/v2/glossaries' && r.body.target_lang === 'ar');
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ source_lang: 'de', entries_format: 'tsv' });
    expect(String(created[0]!.body.entries).split('\n')).toContain('Sprachcafé\tمقهى اللغة');
    const [arGlossaryId] = [...deepl.glossaries].find(([, glossary]) => glossary.targetLang === 'ar')!;
    const [sent] = translateRequests('AR');
    expect(sent!.auth).toBe(`DeepL-Auth-Key ${deepl.key}`);
    expect(sent!.body).toEqual({ text: Object.values(GERMAN), source_lang: 'DE', target_lang: 'AR', glossary_id: arGlossaryId });
    const meta = await services.db('app_meta').where('key', 'like', 'deepl-glossary:de-ar:%').pluck('value');
    expect(meta).toEqual([arGlossaryId]);

    // The German text changes: the job re-makes the translation and reuses the glossary instead of making another.
    await updateOffer(services.offerDeps, offer.id, { ...toInput(offer), description: 'Wir sprechen über Arbeit.' });
    const remade = await waitFor(async () => {
      const current = await translationOf(offer.id, 'ar');
      return current?.description === '[AR] Wir sprechen über Arbeit.' ? current : null;
    }, 'the stale Arabic translation to be re-made');
    expect(remade.machine?.sourceHash).toBe(sourceHash(await stored(offer.id)));
    expect(deepl.requests.filter((r) => r.path === '/v2/glossaries' && r.body.target_lang === 'ar')).toHaveLength(1);
    expect(translateRequests('AR').at(-1)!.body.glossary_id).toBe(arGlossaryId);
  });

  it('the offer page in Arabic shows a machine translation with the notice and the German original one click away; the API marks it', async () => {
    const { offer } = await publishedOffer({ translations: [{ locale: 'tr', title: 'Dil kafesi', summary: 'Bir insan çevirdi.', description: 'Metin.' }] });
    const agent = await editor();
    const progress = await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['ar']);
    expect(statusesOf(await finishedProgress(agent, progress))).toEqual({ ar: 'made' });

    const arabic = (await request(app).get(`/offers/${offer.slug}?lang=ar`).expect(200)).text;
    expect(arabic).toContain('>[AR] مقهى اللغة im مركز الأسرة</h1>');
    expect(arabic).toContain('<span class="machine-translation-label">مترجم آليًا</span>');
    // The translated title at the top is marked too, and leads to the notice.
    expect(arabic).toContain('<p class="machine-translation-mark"><a href="#machine-translation-notice">مترجم آليًا</a></p>');
    expect(arabic).toMatch(/<details class="machine-translation-original">\s*<summary>عرض النص الألماني الأصلي<\/summary>\s*<div lang="de" dir="ltr">\s*<p class="original-title"><strong>Sprachcafé im Familienzentrum<\/strong><\/p>/);
    for (const lang of ['de', 'tr', 'en']) {
      expect((await request(app).get(`/offers/${offer.slug}?lang=${lang}`).expect(200)).text).not.toContain('machine-translation-notice');
    }
    const api = (await request(app).get(`/api/v1/offers/${offer.id}`).expect(200)).body as { translations: Array<{ locale: string; machine?: unknown }> };
    expect(api.translations.find((t) => t.locale === 'ar')?.machine).toEqual({ provider: 'deepl', madeAt: expect.any(String), sourceHash: sourceHash(offer) });
    expect(api.translations.find((t) => t.locale === 'tr')).not.toHaveProperty('machine');
  });

  it('when staff change the German text in the form, the stale machine translation is re-made by the job, and the translation staff rewrote stays human', async () => {
    const { offer, ids } = await publishedOffer();
    const agent = await editor();
    await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['en', 'ar']);
    const arBefore = await waitFor(async () => (await translationOf(offer.id, 'ar'))?.machine && translationOf(offer.id, 'ar'), 'the first Arabic translation');
    await waitFor(async () => (await translationOf(offer.id, 'en'))?.machine, 'the first English translation');

    // The form as staff send it: new German description, the English translation rewritten by hand, the Arabic one sent back unchanged (with CRLF, as browsers do).
    const csrf = await formToken(agent, `/admin/offers/${offer.id}/edit`);
    const body = new URLSearchParams({ _csrf: csrf, ...GERMAN, description: 'Neu: wir sprechen über Arbeit.', cost: 'free', format: 'in-person' });
    for (const [name, value] of [['categories', 'language-cafe'], ['languages', 'de'], ['targetGroups', 'parents'], ['locationIds', String(ids.locationId)]]) body.append(name!, value!);
    const human = { title: 'Language café (checked by a person)', summary: 'Practise German over coffee.', description: 'We talk about everyday life.' };
    for (const [field, value] of Object.entries(human)) body.append(`translations[en][${field}]`, value);
    for (const field of ['title', 'summary', 'description', 'registrationNote', 'bringAlong'] as const) body.append(`translations[ar][${field}]`, `${arBefore![field] ?? ''}\r\n`);
    await agent.post(`/admin/offers/${offer.id}/edit`).type('form').send(body.toString()).expect(303);

    const newHash = sourceHash(await stored(offer.id));
    const ar = await waitFor(async () => {
      const current = await translationOf(offer.id, 'ar');
      return current?.machine?.sourceHash === newHash ? current : null;
    }, 'the job to re-make the Arabic translation');
    expect(ar.description).toBe('[AR] Neu: wir sprechen über Arbeit.');
    expect(await translationOf(offer.id, 'en')).toEqual({ locale: 'en', ...human, registrationNote: null, bringAlong: null });

    // Asking for English again leaves the human translation as it is, and says so.
    const edit = (await agent.get(`/admin/offers/${offer.id}/edit`).expect(200)).text;
    expect(edit).toMatch(/id="machine-translate-en" name="locales" value="en">/);
    expect(edit).toContain('menschliche Übersetzung vorhanden – bleibt erhalten');
    const page = await finishedProgress(agent, await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['en']));
    expect(statusesOf(page)).toEqual({ en: 'human' });
    expect(page).toContain('nicht überschrieben: menschliche Übersetzung vorhanden');
    expect((await translationOf(offer.id, 'en'))?.title).toBe(human.title);
  });

  it('when DeepL refuses (456 quota, 403 key), the request still answers, the progress page says why in plain words, and nothing is stored', async () => {
    const { offer } = await publishedOffer();
    const agent = await editor();
    const cases = [
      [456, 'Das Kontingent des Übersetzungsdienstes ist aufgebraucht (bei DeepL: Zeichenlimit erreicht).'],
      [403, 'Der Übersetzungsdienst hat den Schlüssel abgelehnt (TRANSLATION_KEY prüfen).'],
    ] as const;
    for (const [status, sentence] of cases) {
      deepl.failWith = status;
      const page = await finishedProgress(agent, await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['ar']));
      expect(statusesOf(page)).toEqual({ ar: 'failed' });
      expect(page).toContain(`<span class="translation-reason">${sentence}</span>`);
      expect(page).toContain('Fertig: 0 übersetzt, 1 nicht übersetzt.');
    }
    expect(await services.db('offer_translations').where({ offer_id: offer.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
    expect((await request(app).get(`/offers/${offer.slug}?lang=ar`).expect(200)).text).not.toContain('machine-translation-notice');
  });

  it('Farsi is not sent to DeepL without beta languages: the box says why, and a forced request is reported as not possible', async () => {
    const { offer } = await publishedOffer();
    const agent = await editor();
    const edit = (await agent.get(`/admin/offers/${offer.id}/edit`).expect(200)).text;
    expect(edit).toMatch(/id="machine-translate-fa" name="locales" value="fa" disabled>/);
    expect(edit).toContain('DeepL übersetzt ins Persische (Farsi) nur als Beta-Sprache; sie wird erst mit TRANSLATION_DEEPL_BETA_LANGUAGES&#x3D;true genutzt.');
    const page = await finishedProgress(agent, await requestTranslation(agent, `/admin/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['fa']));
    expect(statusesOf(page)).toEqual({ fa: 'unsupported' });
    expect(page).toContain('<span class="translation-reason">DeepL übersetzt ins Persische (Farsi) nur als Beta-Sprache');
    expect(translateRequests('FA')).toEqual([]);
  });

  it("a provider's change to the German text, once staff approve it, makes the job re-make the machine translation it carried along", async () => {
    const { offer, ids } = await publishedOffer();
    await createStaffAccount(services, { email: `anbieter${n}@traeger.example`, password: PASSWORD, displayName: 'Anbieter', role: 'provider' });
    await services.db('users').where({ email: `anbieter${n}@traeger.example` }).update({ provider_id: ids.providerId });
    const provider = (await signIn(app, `anbieter${n}@traeger.example`, PASSWORD)).agent;
    await requestTranslation(provider, `/account/offers/${offer.id}/edit`, `/account/offers/${offer.id}/translate`, ['ar']);
    const before = await waitFor(async () => (await translationOf(offer.id, 'ar'))?.machine && translationOf(offer.id, 'ar'), 'the first Arabic translation');

    const csrf = await formToken(provider, `/account/offers/${offer.id}/edit`);
    const body = new URLSearchParams({ _csrf: csrf, ...GERMAN, summary: 'Deutsch üben bei Tee.', cost: 'free', format: 'in-person' });
    for (const [name, value] of [['categories', 'language-cafe'], ['languages', 'de'], ['targetGroups', 'parents'], ['locationIds', String(ids.locationId)]]) body.append(name!, value!);
    for (const field of ['title', 'summary', 'description', 'registrationNote', 'bringAlong'] as const) body.append(`translations[ar][${field}]`, before![field] ?? '');
    await provider.post(`/account/offers/${offer.id}`).type('form').send(body.toString()).expect(303);
    // Waiting for approval the public text is unchanged, and so is the translation.
    expect(await services.db('translation_outbox').where({ offer_id: offer.id, reason: 'stale' }).count({ n: '*' }).first()).toEqual({ n: 0 });

    const revision = await services.db('offer_revisions').where({ offer_id: offer.id, status: 'pending' }).first('id');
    const staff = await editor();
    const fields = await decisionFields(staff, `/admin/moderation/revisions/${revision.id}`);
    await staff.post(`/admin/moderation/revisions/${revision.id}/approve`).type('form').send(fields).expect(303);
    const ar = await waitFor(async () => {
      const current = await translationOf(offer.id, 'ar');
      return current?.summary === '[AR] Deutsch üben bei Tee.' ? current : null;
    }, 'the Arabic translation to follow the approved German text');
    expect(ar.machine?.sourceHash).toBe(sourceHash(await stored(offer.id)));
  });

  it('staff translate a new offer from its edit page in the moderation queue, before approving it', async () => {
    const { offer } = await publishedOffer({ status: 'pending' });
    const agent = await editor();
    const progress = await requestTranslation(agent, `/admin/moderation/offers/${offer.id}/edit`, `/admin/offers/${offer.id}/translate`, ['ru']);
    expect(statusesOf(await finishedProgress(agent, progress))).toEqual({ ru: 'made' });
    expect((await translationOf(offer.id, 'ru'))?.title).toBe('[RU] языковое кафе im семейный центр');
    expect(await services.db('search_outbox').where({ offer_id: offer.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it("a provider translates its own offer from its account page, and cannot reach another provider's offer", async () => {
    const { offer, ids } = await publishedOffer();
    const { offer: foreign } = await publishedOffer();
    await createStaffAccount(services, { email: `anbieter${n}@traeger.example`, password: PASSWORD, displayName: 'Anbieter', role: 'provider' });
    await services.db('users').where({ email: `anbieter${n}@traeger.example` }).update({ provider_id: ids.providerId });
    const provider = (await signIn(app, `anbieter${n}@traeger.example`, PASSWORD)).agent;
    const progress = await requestTranslation(provider, `/account/offers/${offer.id}/edit`, `/account/offers/${offer.id}/translate`, ['uk']);
    expect(progress).toMatch(new RegExp(`^/account/offers/${offer.id}/translations/[0-9a-f]{16}$`));
    expect(statusesOf(await finishedProgress(provider, progress))).toEqual({ uk: 'made' });
    expect((await translationOf(offer.id, 'uk'))?.machine?.provider).toBe('deepl');

    const csrf = await formToken(provider, `/account/offers/${offer.id}/edit`);
    expect((await provider.post(`/account/offers/${foreign.id}/translate`).type('form').send({ _csrf: csrf, locales: 'uk' })).status).toBe(404);
    expect(await services.db('translation_outbox').where({ offer_id: foreign.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
