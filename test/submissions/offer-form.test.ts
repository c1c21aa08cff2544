import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { findOffersByIds } from '../../server/offers/offer-repository.ts';
import { setOfferStatus } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, type TestServices } from '../support/test-services.ts';

type Agent = ReturnType<typeof request.agent>;

const PASSWORD = 'ein sicheres passwort';

describe('the offer form for providers', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let ids: { providerId: number; locationId: number };

  async function providerAccount(email: string, providerId: number | null): Promise<void> {
    const id = await createStaffAccount(services, { email, password: PASSWORD, displayName: email, role: 'provider' });
    await services.db('users').where({ id }).update({ provider_id: providerId });
  }

  /** The CSRF token of a page the agent can see. */
  async function tokenOn(agent: Agent, path: string): Promise<string> {
    const page = await agent.get(path);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no CSRF token on ${path} (${page.status})`);
    return token;
  }

  async function signIn(email: string): Promise<Agent> {
    const agent = request.agent(app);
    const csrf = await tokenOn(agent, '/account/login');
    await agent.post('/account/login').type('form').send({ _csrf: csrf, email, password: PASSWORD }).expect(303);
    return agent;
  }

  /** A filled-in form as the browser sends it: repeated names for checkboxes, bracket names for rows. */
  function offerForm(overrides: Record<string, string | string[]> = {}): URLSearchParams {
    const fields: Record<string, string | string[]> = {
      title: 'Sprachcafé Sonnenblume',
      summary: 'Deutsch üben bei Kaffee und Tee.',
      description: 'Wir sprechen über den Alltag.\n\n- Anfänger willkommen\n- ohne Anmeldung',
      categories: ['language-cafe'],
      targetGroups: ['parents', 'adults'],
      languages: ['de', 'ar'],
      cost: 'free',
      costNote: '',
      ageMin: '16',
      ageMax: '',
      format: 'in-person',
      'schedule[0][weekday]': '2',
      'schedule[0][opensAt]': '10:00',
      'schedule[0][closesAt]': '12:00',
      'schedule[1][weekday]': '',
      'schedule[1][opensAt]': '',
      'schedule[1][closesAt]': '',
      locationIds: [String(ids.locationId)],
      contactName: 'Frau Yılmaz',
      phone: '02302 123456',
      email: 'cafe@sonnenblume.example',
      url: 'https://sonnenblume.example/cafe',
      validFrom: '',
      validUntil: '',
      'translations[en][title]': 'Language café Sonnenblume',
      'translations[en][summary]': 'Practise German over coffee.',
      'translations[en][description]': '',
      'translations[ar][title]': '',
      'translations[ar][summary]': '',
      'translations[ar][description]': '',
      ...overrides,
    };
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
    return form;
  }

  async function post(agent: Agent, path: string, form: URLSearchParams, tokenPage = '/account/offers/new') {
    // The token first: it needs a request of its own, so it cannot be fetched while the post is being built.
    const csrf = await tokenOn(agent, tokenPage);
    form.set('_csrf', csrf);
    return agent.post(path).type('form').send(form.toString());
  }

  async function createDraft(agent: Agent, overrides: Record<string, string | string[]> = {}): Promise<number> {
    const response = await post(agent, '/account/offers', offerForm(overrides));
    expect(response.status, response.text.slice(0, 2000)).toBe(303);
    const id = /^\/account\/offers\/(\d+)\/edit\?notice=created$/.exec(response.headers.location ?? '')?.[1];
    if (!id) throw new Error(`unexpected redirect ${response.headers.location}`);
    return Number(id);
  }

  async function offerCount(): Promise<number> {
    const row = await services.db('offers').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    ids = await createProviderWithLocation(services.db, 'Familienzentrum Sonnenblume');
    const other = await createProviderWithLocation(services.db, 'Anderer Träger e.V.');
    await providerAccount('anbieterin@sonnenblume.example', ids.providerId);
    await providerAccount('jemand@anderer-traeger.example', other.providerId);
    await providerAccount('neu@ohne-organisation.example', null);
  });
  afterAll(async () => services?.close());

  it('a provider fills in the form; the draft is saved with everything entered and listed on /account as "Entwurf"', async () => {
    const agent = await signIn('anbieterin@sonnenblume.example');
    const empty = await agent.get('/account/offers/new').expect(200);
    expect(empty.text).toContain('Neues Angebot eintragen');
    expect(empty.text).toContain('Arabisch');
    expect(empty.text).toMatch(/<span class="native-name" lang="ar" dir="rtl">العربية<\/span>/);
    expect(empty.text).toContain('Oder eine neue Adresse eingeben');

    const id = await createDraft(agent);
    const [offer] = await findOffersByIds(services.db, [id]);
    expect(offer).toMatchObject({
      status: 'draft',
      providerId: ids.providerId,
      title: 'Sprachcafé Sonnenblume',
      categories: ['language-cafe'],
      languages: expect.arrayContaining(['de', 'ar']),
      ageMin: 16,
      ageMax: null,
      schedule: [{ weekday: 2, opensAt: '10:00', closesAt: '12:00' }],
      translations: [{ locale: 'en', title: 'Language café Sonnenblume', summary: 'Practise German over coffee.', description: '' }],
      email: 'cafe@sonnenblume.example',
    });
    expect(offer!.locations.map((location) => location.id)).toEqual([ids.locationId]);

    const edit = await agent.get(`/account/offers/${id}/edit?notice=created`).expect(200);
    expect(edit.text).toContain('Der Entwurf ist gespeichert.');
    expect(edit.text).toContain('value="Sprachcafé Sonnenblume"');
    expect(edit.text).toMatch(/id="language-ar"[^>]*checked/);
    expect(edit.text).toMatch(/<option value="2" selected>/);
    // The text comes back exactly as typed: no indentation from the template creeps into the lines.
    expect(edit.text).toContain('>Wir sprechen über den Alltag.\n\n- Anfänger willkommen\n- ohne Anmeldung</textarea>');

    const dashboard = await agent.get('/account').expect(200);
    expect(dashboard.text).toMatch(/Sprachcafé Sonnenblume<\/td><td><span class="status status-draft">Entwurf<\/span>/);
    expect(dashboard.text).toContain(`href="/account/offers/${id}/edit"`);
    expect(dashboard.text).toContain('href="/account/offers/new"');
  });

  it('a form with mistakes answers 400, names each field in German and keeps every typed value', async () => {
    const agent = await signIn('anbieterin@sonnenblume.example');
    const before = await offerCount();
    const response = await post(
      agent,
      '/account/offers',
      offerForm({
        title: '',
        description: 'Eine Beschreibung, die bleiben soll.',
        categories: [],
        languages: ['tr', 'fa'],
        'schedule[0][weekday]': '3',
        'schedule[0][opensAt]': '14:00',
        'schedule[0][closesAt]': '12:00',
        'schedule[1][weekday]': '5',
        'schedule[1][opensAt]': '09:00',
        'schedule[1][closesAt]': '11:30',
      }),
    );
    expect(response.status).toBe(400);
    const page = response.text;
    expect(page).toContain('Bitte geben Sie einen Titel mit mindestens 3 Zeichen ein.');
    expect(page).toContain('Bitte wählen Sie mindestens eine Kategorie.');
    expect(page).toContain('Termin 1: Das Ende muss nach dem Beginn liegen.');
    expect(page).not.toMatch(/Too small|Invalid input|must be after/);

    const summary = /<div class="notice notice-error error-summary" role="alert"[\s\S]*?<\/div>/.exec(page)?.[0] ?? '';
    expect(summary).toContain('href="#title"');
    expect(summary).toContain('href="#category-integration-course"');
    expect(summary).toContain('href="#schedule-0-closesAt"');
    expect(page).toMatch(/id="title"[^>]*aria-invalid="true"[^>]*aria-describedby="title-help title-error"/);
    expect(page).toMatch(/id="schedule-0-closesAt"[^>]*aria-invalid="true"/);

    expect(page).toContain('>Eine Beschreibung, die bleiben soll.</textarea>');
    expect(page).toContain('value="Frau Yılmaz"');
    expect(page).toMatch(/id="language-tr"[^>]*checked/);
    expect(page).toMatch(/id="language-fa"[^>]*checked/);
    expect(page).not.toMatch(/id="language-ar"[^>]*checked/);
    expect(page).toMatch(/name="schedule\[0\]\[weekday\]"[\s\S]*?<option value="3" selected>/);
    expect(page).toMatch(/name="schedule\[0\]\[opensAt\]" value="14:00"/);
    expect(page).toMatch(/name="schedule\[1\]\[closesAt\]" value="11:30"/);
    expect(page).toMatch(/id="target-parents"[^>]*checked/);
    expect(page).toContain('value="Language café Sonnenblume"');
    expect(await offerCount()).toBe(before);
  });

  it('sending a draft for checking sets it to "Wird geprüft"', async () => {
    const agent = await signIn('anbieterin@sonnenblume.example');
    const id = await createDraft(agent, { title: 'Hausaufgabenhilfe Sonnenblume', categories: ['homework-help'] });
    const edit = `/account/offers/${id}/edit`;
    expect((await agent.get(edit)).text).toContain('Zur Prüfung senden');
    const response = await post(agent, `/account/offers/${id}/submit`, new URLSearchParams(), edit);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/account?notice=submitted');
    const dashboard = await agent.get('/account?notice=submitted').expect(200);
    expect(dashboard.text).toContain('Ihr Angebot wird jetzt vom KI geprüft');
    expect(dashboard.text).toMatch(/Hausaufgabenhilfe Sonnenblume<\/td><td><span class="status status-pending">Wird geprüft<\/span>/);
  });

  it('editing a published offer creates a pending revision; the public page keeps the old title', async () => {
    const agent = await signIn('anbieterin@sonnenblume.example');
    const id = await createDraft(agent, { title: 'Nähcafé Sonnenblume' });
    const published = await setOfferStatus(services.offerDeps, id, 'published');
    const edit = `/account/offers/${id}/edit`;
    expect((await agent.get(edit)).text).toContain('Ihre Änderungen prüft das Kommunale Integrationszentrum (KI), bevor sie öffentlich werden.');

    const response = await post(agent, `/account/offers/${id}`, offerForm({ title: 'Näh- und Flickcafé Sonnenblume' }), edit);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`${edit}?notice=revisionSaved`);
    const revisions = await services.db('offer_revisions').where({ offer_id: id }).select('status');
    expect(revisions).toEqual([{ status: 'pending' }]);

    const publicPage = await request(app).get(`/offers/${published.slug}`).expect(200);
    expect(publicPage.text).toContain('Nähcafé Sonnenblume');
    expect(publicPage.text).not.toContain('Flickcafé');

    const again = await agent.get(edit).expect(200);
    expect(again.text).toContain('value="Näh- und Flickcafé Sonnenblume"');
    expect(again.text).toContain('Ihre letzten Änderungen warten noch auf die Prüfung');
  });

  it("another provider's account gets 404 for someone else's offer and changes nothing", async () => {
    const owner = await signIn('anbieterin@sonnenblume.example');
    const id = await createDraft(owner, { title: 'Elterncafé Sonnenblume' });
    const stranger = await signIn('jemand@anderer-traeger.example');
    await stranger.get(`/account/offers/${id}/edit`).expect(404);
    const response = await post(stranger, `/account/offers/${id}`, offerForm({ title: 'Übernommen' }));
    expect(response.status).toBe(404);
    const [offer] = await findOffersByIds(services.db, [id]);
    expect(offer?.title).toBe('Elterncafé Sonnenblume');
  });

  it('a provider account without an organisation sees the explanation instead of the form', async () => {
    const agent = await signIn('neu@ohne-organisation.example');
    const page = await agent.get('/account/offers/new');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Noch keine Organisation zugeordnet');
    expect(page.text).not.toContain('name="title"');
    const before = await offerCount();
    const response = await post(agent, '/account/offers', offerForm(), '/account');
    expect(response.text).toContain('Noch keine Organisation zugeordnet');
    expect(await offerCount()).toBe(before);
  });

  it('refuses a post without the CSRF token', async () => {
    const agent = await signIn('anbieterin@sonnenblume.example');
    const before = await offerCount();
    const response = await agent.post('/account/offers').type('form').send(offerForm().toString());
    expect(response.status).toBe(403);
    expect(response.text).toContain('Das Formular ist abgelaufen');
    expect(await offerCount()).toBe(before);
  });

  it('markup typed into the title and description comes back escaped and inert on the edit page', async () => {
    const agent = await signIn('anbieterin@sonnenblume.example');
    const id = await createDraft(agent, {
      title: '<script>alert(1)</script>',
      description: '<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))',
      'translations[ar][title]': '"><svg onload=alert(1)>',
    });
    const page = (await agent.get(`/account/offers/${id}/edit`).expect(200)).text;
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toMatch(/<img[^>]*onerror/i);
    // The page has icons of its own (the language menu's globe): the typed one must not be among them.
    expect(page).not.toMatch(/<svg[^>]*onload/i);
    expect(page).toContain('&quot;&gt;&lt;svg onload&#x3D;alert(1)&gt;');
    expect(page).not.toMatch(/href="javascript:/i);
    const dashboard = (await agent.get('/account').expect(200)).text;
    expect(dashboard).not.toContain('<script>alert(1)');
  });
});
