import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { findOffersByIds } from '../../server/offers/offer-repository.ts';
import { findLocationById } from '../../server/providers/provider-repository.ts';
import { createProviderWithLocation, createTestServices, type TestServices } from '../support/test-services.ts';
import { formToken, signIn, type Agent } from '../support/web-session.ts';

const PASSWORD = 'ein sicheres passwort';

describe('the offer form and the staff place form take the new fields', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let ids: { providerId: number; locationId: number };
  let provider: Agent;
  let editor: Agent;

  /** The form as a browser sends it, with every new field filled in. */
  function offerForm(overrides: Record<string, string | string[]> = {}): URLSearchParams {
    const fields: Record<string, string | string[]> = {
      title: 'Deutschkurs am Abend',
      summary: 'Ein Kurs für Berufstätige.',
      description: 'Wir lernen Deutsch für den Alltag.',
      categories: ['language-cafe'],
      targetGroups: ['adults'],
      languages: ['de'],
      cost: 'unknown',
      costNote: 'Kosten je nach Förderung',
      ageMin: '16',
      ageMax: '',
      format: 'in-person',
      'schedule[0][weekday]': '2',
      'schedule[0][opensAt]': '18:00',
      'schedule[0][closesAt]': '20:00',
      'schedule[0][everyOtherWeek]': '1',
      'schedule[1][weekday]': '4',
      'schedule[1][opensAt]': '18:00',
      'schedule[1][closesAt]': '20:00',
      byAppointment: '1',
      scheduleNote: 'nicht in den Schulferien',
      startDate: '2027-01-12',
      endDate: '2027-06-29',
      nextStartDate: '2027-09-07',
      rollingEntry: '1',
      registrationRequired: '1',
      registrationMethods: ['phone', 'email'],
      registrationNote: 'Bitte bis Freitag anmelden.',
      bringAlong: 'Ausweis',
      interpreterOnRequest: '1',
      locationIds: [String(ids.locationId)],
      'translations[uk][title]': 'Курс німецької ввечері',
      'translations[uk][registrationNote]': 'Будь ласка, зареєструйтеся до пʼятниці.',
      'translations[uk][bringAlong]': 'Посвідчення особи',
      ...overrides,
    };
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
    return form;
  }

  async function post(agent: Agent, path: string, form: URLSearchParams, tokenPage: string) {
    form.set('_csrf', await formToken(agent, tokenPage));
    return agent.post(path).type('form').send(form.toString());
  }

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    ids = await createProviderWithLocation(services.db, 'Bildungswerk Ruhr');
    const userId = await createStaffAccount(services, { email: 'kurs@bildungswerk.example', password: PASSWORD, displayName: 'Kurs', role: 'provider' });
    await services.db('users').where({ id: userId }).update({ provider_id: ids.providerId });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
    ({ agent: provider } = await signIn(app, 'kurs@bildungswerk.example', PASSWORD));
    ({ agent: editor } = await signIn(app, 'redaktion@ki.example', PASSWORD));
  });
  afterAll(async () => services?.close());

  it('saves cost to ask, every other week, the times note, course dates and registration, and shows them again on the edit page', async () => {
    const response = await post(provider, '/account/offers', offerForm(), '/account/offers/new');
    expect(response.status, response.text.slice(0, 1500)).toBe(303);
    const id = Number(/\/account\/offers\/(\d+)\/edit/.exec(response.headers.location!)![1]);
    const [offer] = await findOffersByIds(services.db, [id]);
    expect(offer).toMatchObject({
      cost: 'unknown',
      costNote: 'Kosten je nach Förderung',
      byAppointment: true,
      scheduleNote: 'nicht in den Schulferien',
      startDate: '2027-01-12',
      endDate: '2027-06-29',
      nextStartDate: '2027-09-07',
      rollingEntry: true,
      registrationRequired: true,
      registrationMethods: ['phone', 'email'],
      registrationNote: 'Bitte bis Freitag anmelden.',
      bringAlong: 'Ausweis',
      interpreterOnRequest: true,
    });
    expect(offer!.schedule).toEqual([
      { weekday: 2, opensAt: '18:00', closesAt: '20:00', everyOtherWeek: true },
      { weekday: 4, opensAt: '18:00', closesAt: '20:00', everyOtherWeek: false },
    ]);
    expect(offer!.translations).toEqual([
      { locale: 'uk', title: 'Курс німецької ввечері', summary: '', description: '', registrationNote: 'Будь ласка, зареєструйтеся до пʼятниці.', bringAlong: 'Посвідчення особи' },
    ]);

    const edit = (await provider.get(`/account/offers/${id}/edit`).expect(200)).text;
    expect(edit).toMatch(/id="cost-unknown"[^>]*checked/);
    expect(edit).toMatch(/id="schedule-0-everyOtherWeek"[^>]*checked/);
    expect(edit).not.toMatch(/id="schedule-1-everyOtherWeek"[^>]*checked/);
    expect(edit).toContain('value="nicht in den Schulferien"');
    expect(edit).toMatch(/id="startDate"[^>]*value="2027-01-12"/);
    expect(edit).toMatch(/id="nextStartDate"[^>]*value="2027-09-07"/);
    expect(edit).toMatch(/id="rollingEntry"[^>]*checked/);
    expect(edit).toMatch(/id="registrationMethod-phone"[^>]*checked/);
    expect(edit).not.toMatch(/id="registrationMethod-walk-in"[^>]*checked/);
    expect(edit).toContain('>Bitte bis Freitag anmelden.</textarea>');
    expect(edit).toMatch(/id="interpreterOnRequest"[^>]*checked/);
    expect(edit).toContain('>Посвідчення особи</textarea>');
    expect(edit).toContain('Was muss man mitbringen?');
  });

  it('names each wrong new field in German at the field, and keeps what was typed', async () => {
    const response = await post(
      provider,
      '/account/offers',
      offerForm({ title: 'Kurs mit Fehlern', startDate: '2027-03-01', endDate: '2027-02-01', nextStartDate: '2027-02-30', registrationMethods: ['phone', 'brieftaube'], scheduleNote: 'x'.repeat(301) }),
      '/account/offers/new',
    );
    expect(response.status).toBe(400);
    const html = response.text;
    expect(html).toContain('Das Kursende darf nicht vor dem Kursbeginn liegen.');
    expect(html).toMatch(/id="endDate-error">Das Kursende darf nicht vor dem Kursbeginn liegen\./);
    expect(html).toMatch(/id="nextStartDate-error">Bitte geben Sie ein gültiges Datum ein\./);
    expect(html).toMatch(/id="registrationMethods-error">Bitte wählen Sie nur Anmeldewege aus der Liste\./);
    expect(html).toMatch(/id="scheduleNote-error">Der Hinweis zu den Zeiten darf höchstens 300 Zeichen lang sein\./);
    expect(html).toContain('href="#endDate"');
    expect(html).toMatch(/id="endDate"[^>]*value="2027-02-01"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/id="registrationMethod-phone"[^>]*checked/);
    expect(await services.db('offers').where({ title: 'Kurs mit Fehlern' }).first()).toBeUndefined();
  });

  it('staff add a place with a town only, or address on request: street optional, precision derived or chosen', async () => {
    const path = `/admin/providers/${ids.providerId}`;
    const send = async (form: Record<string, string>) => post(editor, `${path}/locations`, new URLSearchParams(form), path);
    expect((await send({ name: 'Treff im Ort', street: '', postcode: '', district: 'witten', latitude: '', longitude: '', precision: '' })).status).toBe(303);
    expect((await send({ name: 'Schutzraum', street: 'Versteckweg 2', postcode: '58452', district: 'witten', latitude: '51.44', longitude: '7.35', addressOnRequest: '1', precision: '' })).status).toBe(303);
    expect((await send({ name: 'Markt', street: 'Marktplatz', postcode: '58452', district: 'witten', latitude: '51.44', longitude: '7.35', precision: 'street' })).status).toBe(303);
    const rows = await services.db('locations').whereIn('name', ['Treff im Ort', 'Schutzraum', 'Markt']).orderBy('id').select('id');
    const [town, shelter, street] = await Promise.all(rows.map((row) => findLocationById(services.db, row.id)));
    const witten = services.region.districts.find((district) => district.slug === 'witten')!;
    expect(town).toMatchObject({ street: null, postcode: null, city: 'Witten', precision: 'town', latitude: witten.centre.lat, longitude: witten.centre.lng });
    expect(shelter).toMatchObject({ street: 'Versteckweg 2', addressOnRequest: true, precision: 'exact' });
    expect(street).toMatchObject({ precision: 'street' });
    const page = (await editor.get(path).expect(200)).text;
    expect(page).toContain('Witten (Adresse auf Anfrage)');
    expect(page).toContain('(Ortsmitte)');
  });
});
