import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserById } from '../../server/accounts/account-repository.ts';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { saveOwnOffer } from '../../server/submissions/submission-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { decisionFields, formToken, signIn, type Agent } from '../support/web-session.ts';

const PASSWORD = 'ein sicheres passwort';

/** One account's row on the linking page. */
function accountRow(page: string, userId: number): string {
  const start = page.indexOf(`<tr id="account-${userId}">`);
  if (start === -1) throw new Error(`no row for account ${userId}`);
  return page.slice(start, page.indexOf('</tr>', start));
}

describe('staff pages under /admin', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let ids: { providerId: number; locationId: number };
  let providerUserId: number;

  const account = async (email: string, role: 'provider' | 'editor' | 'admin') => createStaffAccount(services, { email, password: PASSWORD, displayName: email.split('@')[0]!, role });
  const post = async (agent: Agent, path: string, form: Record<string, string> = {}, from = '/admin/moderation') => {
    const csrf = await formToken(agent, from);
    return agent.post(path).type('form').send({ _csrf: csrf, ...form });
  };

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    ids = await createProviderWithLocation(services.db, 'Verein Brücke e.V.');
    providerUserId = await account('anbieter@bruecke.example', 'provider');
    await account('redaktion@ki.example', 'editor');
    await account('admin@ki.example', 'admin');
  });
  afterAll(async () => services?.close());

  it('sends visitors to the login page and refuses provider accounts', async () => {
    expect((await request(app).get('/admin/moderation').expect(303)).headers.location).toBe('/account/login?next=%2Fadmin%2Fmoderation');
    const { agent } = await signIn(app, 'anbieter@bruecke.example', PASSWORD);
    await agent.get('/admin').expect(403);
    await agent.get('/admin/moderation').expect(403);
    const csrf = await formToken(agent, '/account/login');
    await agent.post('/admin/moderation/offers/1/approve').type('form').send({ _csrf: csrf }).expect(403);
  });

  it('an editor approves a waiting offer from the queue, and it becomes searchable', async () => {
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Mehrsprachige Vorlesestunde', status: 'pending' }));
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const queue = await agent.get('/admin/moderation').expect(200);
    expect(queue.text).toContain('Mehrsprachige Vorlesestunde');
    expect(queue.text).toContain(`/admin/moderation/offers/${offer.id}`);
    const review = await agent.get(`/admin/moderation/offers/${offer.id}`).expect(200);
    expect(review.text).toContain('Freigeben');
    const fields = await decisionFields(agent, `/admin/moderation/offers/${offer.id}`);
    await agent.post(`/admin/moderation/offers/${offer.id}/approve`).type('form').send(fields).expect(303);
    await services.worker.drain();
    expect(await searchTitles(services, 'Vorlesestunde')).toEqual(['Mehrsprachige Vorlesestunde']);
    expect((await agent.get('/admin/moderation').expect(200)).text).not.toContain('Mehrsprachige Vorlesestunde');
  });

  it('a rejection without a reason is refused with an explanation', async () => {
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Unvollständiges Angebot', status: 'pending' }));
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const response = await post(agent, `/admin/moderation/offers/${offer.id}/reject`, { reason: '' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Bitte begründen Sie die Ablehnung');
    expect((await services.db('offers').where({ id: offer.id }).first('status')).status).toBe('pending');
  });

  it('a proposed change is shown field by field, old and new', async () => {
    await services.db('users').where({ id: providerUserId }).update({ provider_id: ids.providerId });
    const published = await createOffer(services.offerDeps, offerInput(ids, { title: 'Gesprächskreis Heimat', status: 'published' }));
    const provider = (await findUserById(services.db, providerUserId))!;
    const { providerId: _p, ...input } = offerInput(ids, { title: 'Gesprächskreis Heimat und Ankommen', cost: 'reduced' });
    const { revisionId } = await saveOwnOffer(services.offerDeps, provider, published.id, input);
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const page = await agent.get(`/admin/moderation/revisions/${revisionId}`).expect(200);
    expect(page.text).toContain('<del>Gesprächskreis Heimat</del>');
    expect(page.text).toContain('<ins>Gesprächskreis Heimat und Ankommen</ins>');
    expect(page.text).toContain('<del>Kostenlos</del>');
    expect(page.text).toContain('<ins>Ermäßigt möglich</ins>');
    expect(page.text).not.toContain('>Beschreibung</th>');
  });

  it('the diff of a proposed change reads as labels, places, weekdays and "Ja"/"Nein", not as stored values', async () => {
    await services.db('users').where({ id: providerUserId }).update({ provider_id: ids.providerId });
    const second = await insertLocation(services.db, ids.providerId, { name: 'Bürgerzentrum', street: 'Marktstraße 3', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.44, longitude: 7.35, stepFree: false }, new Date().toISOString());
    const published = await createOffer(services.offerDeps, offerInput(ids, { title: 'Beratung Ankommen', status: 'published' }));
    const provider = (await findUserById(services.db, providerUserId))!;
    const { providerId: _p, ...input } = offerInput(ids, {
      title: 'Beratung Ankommen',
      categories: ['language-cafe', 'homework-help'],
      targetGroups: ['parents', 'seniors'],
      languages: ['de', 'uk'],
      schedule: [{ weekday: 3, opensAt: '09:00', closesAt: '11:30' }],
      locationIds: [ids.locationId, second],
      childcare: true,
      validUntil: '2027-06-30',
      translations: [{ locale: 'en', title: 'Arrival advice', summary: 'For newcomers.', description: '' }],
    });
    const { revisionId } = await saveOwnOffer(services.offerDeps, provider, published.id, input);
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const page = (await agent.get(`/admin/moderation/revisions/${revisionId}`).expect(200)).text;
    const label = (vocabulary: 'category' | 'target' | 'language', slug: string) => services.taxonomy.label(vocabulary, slug, 'de');
    const listed = (...names: string[]) => names.sort((a, b) => a.localeCompare(b, 'de')).join(', ');
    expect(page).toContain(`<ins>${listed(label('category', 'language-cafe'), label('category', 'homework-help'))}</ins>`);
    expect(page).toContain(`<del>${label('target', 'parents')}</del>`);
    expect(page).toContain(`<ins>${listed(label('target', 'parents'), label('target', 'seniors'))}</ins>`);
    expect(page).toContain('<del>Arabisch, Deutsch</del>');
    expect(page).toContain('<ins>Deutsch, Ukrainisch</ins>');
    expect(page).toContain('<del>Dienstag 10:00–12:00</del>');
    expect(page).toContain('<ins>Mittwoch 09:00–11:30</ins>');
    expect(page).toContain('<ins>Treffpunkt Mitte, Ruhrstraße 1, 58452 Witten\nBürgerzentrum, Marktstraße 3, 58452 Witten</ins>');
    expect(page).toMatch(/>Kinderbetreuung<\/th><td class="diff-before"><del>Nein<\/del><\/td><td class="diff-after"><ins>Ja<\/ins>/);
    expect(page).toContain('<ins>30. Juni 2027</ins>');
    expect(page).toContain('<ins>Englisch: Arrival advice\nFor newcomers.</ins>');
    expect(page).not.toMatch(/homework-help|&quot;weekday|\[&quot;|"locale"/);
  });

  it('only an admin links a provider account to its organisation, and it is logged', async () => {
    const unlinked = await account('neu@bruecke.example', 'provider');
    const { agent: editor } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    await editor.get('/admin/accounts').expect(403);
    const { agent: admin } = await signIn(app, 'admin@ki.example', PASSWORD);
    const page = await admin.get('/admin/accounts').expect(200);
    expect(page.text).toContain('neu@bruecke.example');
    expect(page.text).toContain('Suchen Sie zuerst die Organisation');
    expect(page.text).not.toContain('name="providerId"');
    const found = (await admin.get('/admin/accounts').query({ q: 'brücke verein' }).expect(200)).text;
    expect(found).toContain('1 Organisation gefunden');
    expect(found).toContain(`<option value="${ids.providerId}">Verein Brücke e.V.</option>`);
    expect((await admin.get('/admin/accounts').query({ q: 'Regenbogen' }).expect(200)).text).toContain('0 Organisationen gefunden');
    const csrf = await formToken(admin, '/admin/accounts');
    await admin.post(`/admin/accounts/${unlinked}/provider`).type('form').send({ _csrf: csrf, providerId: String(ids.providerId) }).expect(303);
    expect((await findUserById(services.db, unlinked))?.providerId).toBe(ids.providerId);
    const audit = await admin.get('/admin/audit').expect(200);
    expect(audit.text).toContain('Konto einer Organisation zugeordnet · <a href="/admin/accounts">Konto');
    expect(audit.text).toContain('admin@ki.example');
    // Local time (Berlin), not the stored UTC stamp.
    const stored = (await services.db('audit_log').where({ action: 'link-provider' }).first('created_at')).created_at as string;
    const local = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(stored));
    expect(audit.text).toContain(`<time datetime="${stored}">${local}</time>`);
    // The filter lists exactly the admin's links (other tests of this file may link accounts too).
    const linksByAdmin = Number((await services.db('audit_log').where({ action: 'link-provider', actor_label: 'admin@ki.example' }).count({ n: '*' }).first())?.n);
    expect(linksByAdmin).toBeGreaterThan(0);
    const filtered = (await admin.get('/admin/audit').query({ action: 'link-provider', who: 'admin@' }).expect(200)).text;
    expect(filtered.match(/<tr><td><time/g)).toHaveLength(linksByAdmin);
    expect((await admin.get('/admin/audit').query({ action: 'link-provider', who: 'redaktion@' }).expect(200)).text).not.toContain('<tr><td><time');
  });

  it('the linking page suggests the organisation named at sign-up (same town first) and links it with one click', async () => {
    const now = new Date().toISOString();
    const witten = await insertProvider(services.db, { slug: 'frauentreff-lotus-witten', name: 'Internationaler Frauentreff Lotus e.V.', description: '', kind: 'club' }, now);
    await insertLocation(services.db, witten, { name: 'Treff', street: 'Ruhrstraße 9', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.4437, longitude: 7.3528, stepFree: true }, now);
    const hattingen = await insertProvider(services.db, { slug: 'frauentreff-lotus-hattingen', name: 'Internationaler Frauentreff „Lotus“', description: '', kind: 'club' }, now);
    await insertLocation(services.db, hattingen, { name: 'Treff', street: 'Heggerstraße 1', postcode: '45525', city: 'Hattingen', district: 'hattingen', latitude: 51.399, longitude: 7.186, stepFree: true }, now);
    const userId = await account('lotus@frauentreff.example', 'provider');
    await services.db('users').where({ id: userId }).update({ organisation_name: 'internationaler frauentreff lotus gGmbH', organisation_town: 'hattingen' });

    const { agent: admin } = await signIn(app, 'admin@ki.example', PASSWORD);
    const row = accountRow((await admin.get('/admin/accounts').expect(200)).text, userId);
    expect(row).toContain('Bei der Anmeldung angegeben: <strong><bdi>internationaler frauentreff lotus gGmbH</bdi></strong>, <bdi>hattingen</bdi>');
    const suggested = [...row.matchAll(/name="providerId" value="(\d+)"/g)].map((match) => Number(match[1]));
    expect(suggested).toEqual([hattingen, witten]);
    expect(row.match(/gleicher Ort/g)).toHaveLength(1);
    expect(row).not.toContain('Keine passende Organisation');

    const csrf = await formToken(admin, '/admin/accounts');
    await admin.post(`/admin/accounts/${userId}/provider`).type('form').send({ _csrf: csrf, providerId: String(suggested[0]) }).expect(303);
    expect((await findUserById(services.db, userId))?.providerId).toBe(hattingen);
    expect(accountRow((await admin.get('/admin/accounts').expect(200)).text, userId)).not.toContain('Mit dieser Organisation verknüpfen');
  });

  it('when nothing matches, the linking page says so and creates the organisation from what was typed', async () => {
    const userId = await account('kunterbunt@elterncafe.example', 'provider');
    await services.db('users').where({ id: userId }).update({ organisation_name: 'Elterncafé Kunterbunt', organisation_town: 'Sprockhövel' });
    const { agent: admin } = await signIn(app, 'admin@ki.example', PASSWORD);
    const row = accountRow((await admin.get('/admin/accounts').expect(200)).text, userId);
    expect(row).toContain('Keine passende Organisation im Wegweiser gefunden.');
    expect(row).not.toContain('name="providerId" value=');
    expect(row).toContain(`id="new-name-${userId}" name="name" type="text" value="Elterncafé Kunterbunt"`);

    const csrf = await formToken(admin, '/admin/accounts');
    const refused = await admin.post(`/admin/accounts/${userId}/new-provider`).type('form').send({ _csrf: csrf, name: 'Elterncafé Kunterbunt', kind: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Bitte geben Sie den Namen (mindestens 3 Zeichen) und die Art der Organisation an.');
    expect((await findUserById(services.db, userId))?.providerId).toBeNull();

    const created = await admin.post(`/admin/accounts/${userId}/new-provider`).type('form').send({ _csrf: csrf, name: 'Elterncafé Kunterbunt', kind: 'club' }).expect(303);
    const providerId = (await findUserById(services.db, userId))?.providerId;
    expect(created.headers.location).toBe(`/admin/providers/${providerId}`);
    expect(await services.db('providers').where({ id: providerId }).first('name', 'kind')).toEqual({ name: 'Elterncafé Kunterbunt', kind: 'club' });
    expect(await services.db('audit_log').where({ entity: 'user', entity_id: userId }).pluck('action')).toEqual(['create-provider', 'link-provider']);
    expect(await services.db('audit_log').where({ entity: 'provider', entity_id: providerId }).pluck('action')).toEqual(['create']);
    // Once linked, a second press creates nothing.
    await admin.post(`/admin/accounts/${userId}/new-provider`).type('form').send({ _csrf: csrf, name: 'Elterncafé Kunterbunt', kind: 'club' }).expect(404);
    expect(Number((await services.db('providers').where({ name: 'Elterncafé Kunterbunt' }).count({ n: '*' }).first())?.n)).toBe(1);
  });

  it('stored markup in an offer is shown as text on the review page', async () => {
    const offer = await createOffer(services.offerDeps, offerInput(ids, {
      title: '<script>alert(1)</script>Kurs',
      description: 'Text <img src=x onerror=alert(1)> und [Link](javascript:alert(1))',
      status: 'pending',
    }));
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const page = await agent.get(`/admin/moderation/offers/${offer.id}`).expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toMatch(/<img[^>]*onerror/i);
    expect(page.text).not.toContain('href="javascript:');
    expect(page.text).toContain('&lt;script&gt;');
  });

  it('an editor corrects a waiting offer in the provider form before approving it; the change is logged', async () => {
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Deutschkurs Anfänger', status: 'pending' }));
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const review = await agent.get(`/admin/moderation/offers/${offer.id}`).expect(200);
    expect(review.text).toContain(`/admin/moderation/offers/${offer.id}/edit`);
    const form = await agent.get(`/admin/moderation/offers/${offer.id}/edit`).expect(200);
    expect(form.text).toContain('value="Deutschkurs Anfänger"');
    expect(form.text).not.toContain('Zur Prüfung senden');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const body = new URLSearchParams({ _csrf: csrf, title: 'Deutschkurs für Anfängerinnen und Anfänger', summary: 'Kurz.', description: 'Text.', cost: 'free', format: 'in-person' });
    for (const [name, value] of [['categories', 'german-course'], ['languages', 'de'], ['targetGroups', 'adults'], ['locationIds', String(ids.locationId)]]) body.append(name!, value!);
    const saved = await agent.post(`/admin/moderation/offers/${offer.id}/edit`).type('form').send(body.toString());
    expect(saved.status).toBe(303);
    expect((await services.db('offers').where({ id: offer.id }).first('title', 'status'))).toEqual({ title: 'Deutschkurs für Anfängerinnen und Anfänger', status: 'pending' });
    expect(await services.db('audit_log').where({ action: 'edit-before-approval', entity_id: offer.id }).first('actor_label')).toEqual({ actor_label: 'redaktion@ki.example' });
    const invalid = await agent.post(`/admin/moderation/offers/${offer.id}/edit`).type('form').send(new URLSearchParams({ _csrf: csrf, title: '' }).toString());
    expect(invalid.status).toBe(400);
  });

  it('the provider reads the reason of a rejection in their area', async () => {
    await services.db('users').where({ id: providerUserId }).update({ provider_id: ids.providerId });
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Zu knapp beschriebenes Angebot', status: 'pending' }));
    const { agent: editor } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const fields = await decisionFields(editor, `/admin/moderation/offers/${offer.id}`);
    await editor.post(`/admin/moderation/offers/${offer.id}/reject`).type('form').send({ ...fields, reason: 'Bitte ergänzen Sie die Uhrzeiten.' }).expect(303);
    const { agent: provider } = await signIn(app, 'anbieter@bruecke.example', PASSWORD);
    const area = await provider.get('/account').expect(200);
    expect(area.text).toContain('Begründung des KI:');
    expect(area.text).toContain('Bitte ergänzen Sie die Uhrzeiten.');
  });

  it('an approval of a version the provider changed after the page was shown is refused, with what changed', async () => {
    await services.db('users').where({ id: providerUserId }).update({ provider_id: ids.providerId });
    const offer = await createOffer(services.offerDeps, offerInput(ids, { title: 'Schwimmkurs für Frauen', status: 'pending' }));
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const fields = await decisionFields(agent, `/admin/moderation/offers/${offer.id}`);
    const provider = (await findUserById(services.db, providerUserId))!;
    const { providerId: _p, ...input } = offerInput(ids, { title: 'Schwimmkurs für Frauen und Mädchen', cost: 'paid' });
    await saveOwnOffer(services.offerDeps, provider, offer.id, input);

    const refused = await agent.post(`/admin/moderation/offers/${offer.id}/approve`).type('form').send(fields);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('wurde geändert, nachdem Sie die Seite geöffnet haben');
    expect(refused.text).toContain('<del>Schwimmkurs für Frauen</del>');
    expect(refused.text).toContain('<ins>Schwimmkurs für Frauen und Mädchen</ins>');
    expect(refused.text).toContain('<ins>Kostenpflichtig</ins>');
    expect((await services.db('offers').where({ id: offer.id }).first('status')).status).toBe('pending');
    const missing = await agent.post(`/admin/moderation/offers/${offer.id}/reject`).type('form').send({ _csrf: fields._csrf, reason: 'Ohne Fassungsnummer.' });
    expect(missing.status).toBe(409);

    const fresh = await decisionFields(agent, `/admin/moderation/offers/${offer.id}`);
    expect(Number(fresh.version)).toBeGreaterThan(Number(fields.version));
    await agent.post(`/admin/moderation/offers/${offer.id}/approve`).type('form').send(fresh).expect(303);
    expect((await services.db('offers').where({ id: offer.id }).first('status')).status).toBe('published');
  });

  it('the review page shows every field: flags, age, format, website, validity, and the pin of each place', async () => {
    const offer = await createOffer(services.offerDeps, offerInput(ids, {
      title: 'Mutter-Kind-Turnen', status: 'pending', ageMin: 2, ageMax: 6, womenOnly: true, childcare: false, registrationRequired: true,
      url: 'https://turnen.example/kurs', validFrom: '2027-01-01', validUntil: '2027-12-31', format: 'hybrid',
    }));
    const { agent } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const page = (await agent.get(`/admin/moderation/offers/${offer.id}`).expect(200)).text;
    const row = (label: string, value: string) => expect(page).toContain(`<th scope="row">${label}</th><td class="review-value">${value}</td>`);
    row('Alter ab', '2');
    row('Alter bis', '6');
    row('Nur für Frauen', 'Ja');
    row('Kinderbetreuung', 'Nein');
    row('Anmeldung erforderlich', 'Ja');
    row('Website', 'https://turnen.example/kurs');
    row('Gültig ab', '1. Januar 2027');
    row('Gültig bis', '31. Dezember 2027');
    row('Form', 'Vor Ort und online');
    expect(page).toContain('data-lat="51.4437" data-lng="7.3528"');
    expect(page).toContain('id="offer-map"');
  });

  it('editors and admins find the back office from the header and see their work queue on their account page', async () => {
    const { agent: editor } = await signIn(app, 'redaktion@ki.example', PASSWORD);
    const home = (await editor.get('/').expect(200)).text;
    expect(home).toContain('<a href="/admin">Verwaltung</a>');
    const account = (await editor.get('/account').expect(200)).text;
    const count = async (table: string) => Number((await services.db(table).where({ status: 'pending' }).count({ n: '*' }).first())!.n);
    const waiting = (await count('offers')) + (await count('offer_revisions'));
    expect(waiting).toBeGreaterThan(1);
    expect(account).toContain(`<span class="tile-count">${waiting}</span> Einträge warten auf Prüfung`);
    expect(account).not.toContain('noch keiner Organisation');
    const { agent: provider } = await signIn(app, 'anbieter@bruecke.example', PASSWORD);
    expect((await provider.get('/').expect(200)).text).not.toContain('<a href="/admin">');
  });
});
