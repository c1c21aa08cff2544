import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { formToken, signIn, type Agent } from '../support/web-session.ts';

describe('admins manage topics and target groups', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let admin: Agent;
  const post = async (path: string, form: Record<string, string>, from: string) => {
    const csrf = await formToken(admin, from);
    return admin.post(path).type('form').send({ _csrf: csrf, ...form });
  };

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'admin@ki.example', password: 'ein sicheres passwort', displayName: 'Admin', role: 'admin' });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Redaktion', role: 'editor' });
    ({ agent: admin } = await signIn(app, 'admin@ki.example', 'ein sicheres passwort'));
  });
  afterAll(async () => services?.close());

  it('editors may not change the taxonomy', async () => {
    const { agent } = await signIn(app, 'redaktion@ki.example', 'ein sicheres passwort');
    await agent.get('/admin/taxonomy/category').expect(403);
  });

  it('a renamed topic shows at once on the pages and is found in search under its new name', async () => {
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Treffpunkt am Nachmittag', categories: ['meeting-cafe'] }));
    await services.worker.drain();
    const response = await post('/admin/taxonomy/category/meeting-cafe', { label_de: 'Nachbarschaftscafé', label_en: 'Neighbourhood café' }, '/admin/taxonomy/category');
    expect(response.status).toBe(303);
    await services.worker.drain();
    expect(services.taxonomy.label('category', 'meeting-cafe', 'de')).toBe('Nachbarschaftscafé');
    expect((await request(app).get('/search?category=meeting-cafe').expect(200)).text).toContain('Nachbarschaftscafé');
    expect(await searchTitles(services, 'Nachbarschaftscafé')).toContain('Treffpunkt am Nachmittag');
  });

  it('a renamed top-level topic is found in search through the offers of its sub-topics', async () => {
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Schachtreff für alle', categories: ['meeting-cafe'] }));
    await services.worker.drain();
    expect(await searchTitles(services, 'Quartiersleben')).toEqual([]);
    const response = await post('/admin/taxonomy/category/meeting', { label_de: 'Quartiersleben', label_en: 'Neighbourhood life' }, '/admin/taxonomy/category');
    expect(response.status).toBe(303);
    await services.worker.drain();
    expect(await searchTitles(services, 'Quartiersleben')).toContain('Schachtreff für alle');
  });

  it('adds a sub-topic, and refuses to delete a topic in use or with sub-topics', async () => {
    expect((await post('/admin/taxonomy/category', { slug: 'chor', parent: 'meeting', label_de: 'Chor und Musik' }, '/admin/taxonomy/category')).status).toBe(303);
    expect(services.taxonomy.get('category', 'chor')?.parent).toBe('meeting');
    const inUse = await post('/admin/taxonomy/category/meeting-cafe/delete', {}, '/admin/taxonomy/category');
    expect(inUse.status).toBe(409);
    expect(inUse.text).toContain('noch von Angeboten verwendet');
    const parent = await post('/admin/taxonomy/category/meeting/delete', {}, '/admin/taxonomy/category');
    expect(parent.status).toBe(409);
    expect((await post('/admin/taxonomy/category/chor/delete', {}, '/admin/taxonomy/category')).status).toBe(303);
    expect(services.taxonomy.has('category', 'chor')).toBe(false);
  });

  it('lists the topics grouped under their parent, each a link to its own page, with offer counts', async () => {
    const ids = await createProviderWithLocation(services.db);
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Bahnen ziehen', categories: ['swimming'] }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Seepferdchen', categories: ['swimming', 'sport-for-all'] }));
    const page = (await admin.get('/admin/taxonomy/category').expect(200)).text;
    const sport = page.slice(page.indexOf('href="/admin/taxonomy/category/sport"'), page.indexOf('href="/admin/taxonomy/category/interpreting"'));
    expect([...sport.matchAll(/href="\/admin\/taxonomy\/category\/([a-z-]+)"/g)].map((match) => match[1])).toEqual(['sport', 'swimming', 'football', 'women-sport', 'sport-for-all']);
    expect(sport).toContain('Schwimmkurse</a> <span class="meta">Angebote: 2</span>');
    expect(sport).toContain('Fußball</a> <span class="meta">Angebote: 0</span>');
    // One entry at a time: the list edits nothing; only the (closed) form for a new entry has label fields.
    expect(page.match(/name="label_de"/g)).toHaveLength(1);
    expect(page).toContain('<details class="term-add">');
  });

  it('a search without JavaScript (GET ?q=) keeps only matching entries, in any language, under their topic', async () => {
    const found = (await admin.get('/admin/taxonomy/category').query({ q: 'schwimm' }).expect(200)).text;
    expect([...found.matchAll(/class="term-link[^"]*"[^>]*>([^<]+)</g)].map((match) => match[1])).toEqual(['Sport &amp; Bewegung', 'Schwimmkurse']);
    expect(found).toContain(`2 von ${services.taxonomy.terms('category').length} Einträgen passen zur Suche.`);
    expect(found).toContain('id="term-q" type="search" name="q" value="schwimm"');
    const english = (await admin.get('/admin/taxonomy/category').query({ q: 'Language café' }).expect(200)).text;
    expect([...english.matchAll(/class="term-link[^"]*"[^>]*>([^<]+)</g)].map((match) => match[1])).toEqual(['Sprache &amp; Integrationskurse', 'Sprachcafé']);
    // A matching topic keeps all its sub-topics.
    const topic = (await admin.get('/admin/taxonomy/category').query({ q: 'Gesundheit' }).expect(200)).text;
    expect([...topic.matchAll(/class="term-link[^"]*"[^>]*>([^<]+)</g)].map((match) => match[1])).toEqual(['Gesundheit', 'Gesundheitslotsen', 'Gesundheitsförderung &amp; Prävention']);
    const none = (await admin.get('/admin/taxonomy/target').query({ q: 'zzz' }).expect(200)).text;
    expect(none).toContain('Kein Eintrag passt zu „zzz“.');
    expect(none).not.toContain('class="term-link');
  });

  it('one entry’s page edits its labels in every language; saving comes back to it, with the search kept', async () => {
    const page = (await admin.get('/admin/taxonomy/category/football').query({ q: 'fuß' }).expect(200)).text;
    expect(page).toContain('<h1>Fußball</h1>');
    expect(page).toContain('gehört zu Sport &amp; Bewegung');
    expect(page.match(/name="label_[a-z]{2}"/g)).toEqual(['name="label_de"', 'name="label_en"', 'name="label_ar"', 'name="label_fa"', 'name="label_tr"', 'name="label_uk"', 'name="label_ru"']);
    expect(page).toContain('id="label-en" type="text" name="label_en" value="Football"');
    // The list beside the form keeps the search and marks the entry being edited.
    expect([...page.matchAll(/class="term-link[^"]*"[^>]*>([^<]+)</g)].map((match) => match[1])).toEqual(['Sport &amp; Bewegung', 'Fußball']);
    expect(page.match(/aria-current="page">([^<]+)</)?.[1]).toBe('Fußball');
    const labels = Object.fromEntries(Object.entries(services.taxonomy.get('category', 'football')!.labels).map(([locale, label]) => [`label_${locale}`, label]));
    const saved = await post('/admin/taxonomy/category/football?q=fu%C3%9F', { ...labels, label_de: 'Fußball & Futsal' }, '/admin/taxonomy/category/football');
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/admin/taxonomy/category/football?q=fu%C3%9F&saved=1');
    const after = (await admin.get(String(saved.headers.location)).expect(200)).text;
    expect(after).toContain('Gespeichert. Die Änderung gilt sofort, auch in der Suche.');
    expect(after).toContain('id="label-de" type="text" name="label_de" value="Fußball &amp; Futsal"');
    expect(services.taxonomy.label('category', 'football', 'en')).toBe('Football');
    await admin.get('/admin/taxonomy/category/no-such-topic').expect(404);
  });

  it('needs a German label and a clean key', async () => {
    const response = await post('/admin/taxonomy/target', { slug: 'Mit Leerzeichen', label_de: '' }, '/admin/taxonomy/target');
    expect(response.status).toBe(400);
    expect(response.text).toContain('Die Kennung darf nur Kleinbuchstaben');
  });
});
