import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../server/errors/app-errors.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { offerInputSchema, parseOfferInput } from '../../server/offers/offer-schema.ts';
import type { Location, OfferInput } from '../../server/offers/offer-types.ts';
import { toOfferFormProblems } from '../../server/submissions/offer-form-errors.ts';
import { emptyOfferForm, toOfferFormInput, toOfferFormValues, type OfferFormContext } from '../../server/submissions/offer-form-mapper.ts';
import { createTestStorage } from '../support/test-services.ts';

const place: Location = { id: 7, providerId: 3, name: 'Treffpunkt Mitte', street: 'Ruhrstraße 1', postcode: '58452', city: 'Witten', district: 'witten', latitude: null, longitude: null, stepFree: true, addressOnRequest: false, precision: 'exact', externalId: null, source: null };

/** A body as express.urlencoded({ extended: false }) hands it over: repeated names as arrays, everything a string. */
const body = {
  title: 'Sprachcafé',
  summary: '',
  description: 'Absatz eins.\n\n- Punkt',
  categories: ['language-cafe', 'parent-cafe'],
  targetGroups: 'parents',
  languages: ['de', 'ar'],
  cost: 'reduced',
  costNote: '  ',
  ageMin: '6',
  ageMax: '',
  format: 'hybrid',
  childcare: '1',
  'schedule[2][weekday]': '4',
  'schedule[2][opensAt]': '16:00',
  'schedule[2][closesAt]': '18:00',
  'schedule[0][weekday]': '1',
  'schedule[0][opensAt]': '09:00',
  'schedule[0][closesAt]': '11:00',
  'schedule[1][weekday]': '',
  'schedule[1][opensAt]': '',
  'schedule[1][closesAt]': '',
  locationIds: '7',
  email: ' info@verein.example ',
  url: '',
  'translations[en][title]': 'Language café',
  'translations[en][summary]': '',
  'translations[en][description]': '',
  'translations[ar][title]': '',
  'translations[ar][summary]': '',
  'translations[ar][description]': '',
  _csrf: 'token',
  status: 'published',
};

describe('the offer form mapper', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let ctx: OfferFormContext;
  let t: (key: string, values?: Record<string, unknown>) => string;
  let i18n: Awaited<ReturnType<typeof createI18n>>;

  /** The schema's rejection of a form input: its fields and issues, as the routes hand them on. */
  function rejectionOf(input: ReturnType<typeof toOfferFormInput>): ValidationError {
    try {
      parseOfferInput({ ...input, providerId: 3 }, storage.taxonomy);
    } catch (error) {
      if (error instanceof ValidationError) return error;
      throw error;
    }
    throw new Error('the schema accepted the input');
  }

  beforeAll(async () => {
    storage = await createTestStorage();
    ctx = { taxonomy: storage.taxonomy, locale: 'de', locations: [place] };
    i18n = await createI18n();
    t = i18n.getFixedT('de');
  });
  afterAll(async () => storage?.close());

  it('turns a urlencoded body into the service input: arrays, numbers, nulls, schedule rows in order', () => {
    const input = toOfferFormInput(body);
    expect(input).toMatchObject({
      categories: ['language-cafe', 'parent-cafe'],
      targetGroups: ['parents'],
      languages: ['de', 'ar'],
      costNote: null,
      ageMin: 6,
      ageMax: null,
      childcare: true,
      byAppointment: false,
      locationIds: [7],
      email: 'info@verein.example',
      url: null,
      schedule: [
        { weekday: 1, opensAt: '09:00', closesAt: '11:00' },
        { weekday: 4, opensAt: '16:00', closesAt: '18:00' },
      ],
      translations: [{ locale: 'en', title: 'Language café', summary: '', description: '' }],
    });
    expect(input).not.toHaveProperty('status');
    expect(input).not.toHaveProperty('_csrf');
    expect(parseOfferInput({ ...input, providerId: 3 }, storage.taxonomy).schedule).toHaveLength(2);
  });

  it('keeps what the schema must reject as typed, so the form can show it again', () => {
    const input = toOfferFormInput({ ageMin: 'zwölf', 'schedule[0][opensAt]': '10:00', title: ['erster', 'zweiter'], 'translations[fa][summary]': 'خلاصه', 'translations[xx][title]': 'fremd' });
    expect(input.ageMin).toBe('zwölf');
    expect(input.title).toBe('erster');
    expect(input.schedule).toEqual([{ weekday: '', opensAt: '10:00', closesAt: '' }]);
    expect(input.translations).toEqual([{ locale: 'fa', title: '', summary: 'خلاصه', description: '' }]);
    expect(toOfferFormInput(null).categories).toEqual([]);
  });

  it('fills the form from an offer input: ticked boxes, seven schedule rows, collapsed translations', () => {
    const offer: OfferInput = {
      providerId: 3, title: 'Elterncafé', summary: 'Kurz', description: 'Lang', cost: 'free', format: 'in-person',
      categories: ['parent-cafe', 'family'], targetGroups: ['parents'], languages: ['tr'], locationIds: [7],
      schedule: [{ weekday: 3, opensAt: '15:00', closesAt: '17:00' }], translations: [{ locale: 'tr', title: 'Veli kafesi', summary: '', description: '' }],
    };
    const values = toOfferFormValues(offer, ctx);
    expect(values.costs.find((cost) => cost.checked)?.value).toBe('free');
    const family = values.categoryGroups.find((group) => group.slug === 'family')!;
    expect(family.options[0]).toMatchObject({ value: 'family', checked: true });
    expect(family.options.find((option) => option.value === 'parent-cafe')?.checked).toBe(true);
    expect(values.categoryGroups.find((group) => group.slug === 'language')!.options.some((option) => option.value === 'language')).toBe(false);
    expect(values.languages.filter((language) => language.checked).map((language) => language.value)).toEqual(['tr']);
    expect(values.languages.find((language) => language.value === 'ar')).toMatchObject({ label: 'Arabisch', native: 'العربية', dir: 'rtl' });
    expect(values.languages.length).toBeGreaterThan(70);
    expect(values.scheduleRows).toHaveLength(7);
    expect(values.scheduleRows[0]!.weekdays.find((day) => day.selected)).toEqual({ value: 3, label: 'Mittwoch', selected: true });
    expect(values.scheduleRows[1]!.weekdays.some((day) => day.selected)).toBe(false);
    expect(values.locations).toEqual([{ value: 7, id: 'location-7', name: 'Treffpunkt Mitte', address: 'Ruhrstraße 1, 58452 Witten', checked: true }]);
    const turkish = values.translations.find((translation) => translation.locale === 'tr')!;
    expect(turkish).toMatchObject({ filled: true, open: false });
    expect(turkish.fields[0]).toMatchObject({ name: 'translations[tr][title]', value: 'Veli kafesi' });
    expect(values.translations.map((translation) => translation.locale)).toEqual(['en', 'ar', 'fa', 'tr', 'uk', 'ru']);
  });

  it('starts a new offer free, in person, in German and at the only place', () => {
    const values = toOfferFormValues(emptyOfferForm([place]), ctx);
    expect(values.costs.find((cost) => cost.checked)?.value).toBe('free');
    expect(values.formats.find((format) => format.checked)?.value).toBe('in-person');
    expect(values.languages.filter((language) => language.checked).map((language) => language.value)).toEqual(['de']);
    expect(values.locations[0]?.checked).toBe(true);
  });

  it('turns the schema’s English messages into German sentences per field, in form order', () => {
    const input = toOfferFormInput({
      ...body,
      title: 'ab',
      categories: [],
      languages: [],
      ageMin: '12',
      ageMax: '10',
      email: 'kein-at',
      url: 'javascript:alert(1)',
      'schedule[0][closesAt]': '08:00',
      'schedule[2][weekday]': '',
      'translations[en][title]': 'x',
      'translations[uk][summary]': 'Короткий опис',
    });
    const problems = toOfferFormProblems(rejectionOf(input), input, ctx, t);
    expect(problems.summary.map((entry) => entry.text)).toEqual([
      'Bitte geben Sie einen Titel mit mindestens 3 Zeichen ein.',
      'Bitte wählen Sie mindestens eine Kategorie.',
      'Bitte wählen Sie mindestens eine Sprache, in der das Angebot stattfindet.',
      'Das Alter „bis“ darf nicht kleiner sein als das Alter „von“.',
      'Termin 1: Das Ende muss nach dem Beginn liegen.',
      'Termin 2: Bitte wählen Sie einen Wochentag.',
      'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel info@verein.de.',
      'Bitte geben Sie die vollständige Adresse der Website ein, beginnend mit https://.',
      'Englisch: Bitte geben Sie einen Titel mit mindestens 3 Zeichen ein.',
      'Ukrainisch: Bitte geben Sie einen Titel mit mindestens 3 Zeichen ein.',
    ]);
    expect(problems.summary.map((entry) => entry.href)).toEqual([
      '#title', '#category-integration-course', '#language-de', '#ageMax', '#schedule-0-closesAt', '#schedule-1-weekday', '#email', '#url', '#translation-en-title', '#translation-uk-title',
    ]);
    expect(problems.messages['schedule-0']).toBe('Termin 1: Das Ende muss nach dem Beginn liegen.');
    const values = toOfferFormValues(input, ctx, problems);
    expect(values.scheduleRows[0]).toMatchObject({ closesAtInvalid: true, opensAtInvalid: false, error: 'Termin 1: Das Ende muss nach dem Beginn liegen.' });
    expect(values.translations.find((translation) => translation.locale === 'uk')).toMatchObject({ open: true, filled: true });
    expect(values.translations.find((translation) => translation.locale === 'ar')).toMatchObject({ open: false, filled: false });
  });

  it('words each limit with the schema’s own number, so a changed limit changes the message', () => {
    const shape = offerInputSchema.shape;
    const long = (length: number) => 'a'.repeat(length + 1);
    const input = toOfferFormInput({ ...body, title: long(shape.title.maxLength!), description: long(shape.description.maxLength!), ageMin: '-1', ageMax: '300' });
    const problems = toOfferFormProblems(rejectionOf(input), input, ctx, t);
    const german = new Intl.NumberFormat('de');
    expect(problems.messages.title).toBe(`Der Titel darf höchstens ${shape.title.maxLength} Zeichen lang sein.`);
    expect(problems.messages.description).toBe(`Die Beschreibung darf höchstens ${german.format(shape.description.maxLength!)} Zeichen lang sein.`);
    expect(problems.messages.ageMin).toBe('Bitte geben Sie das Alter als ganze Zahl ein.');
    expect(problems.messages.ageMax).toBe('Das Alter darf höchstens 120 sein.');
    // The number comes from the issue, not from the message file: a schema with another limit reads differently.
    const stricter = toOfferFormProblems({ fields: { title: 'Too big' }, issues: { title: { code: 'too_big', maximum: 77 } } }, input, ctx, t);
    expect(stricter.messages.title).toBe('Der Titel darf höchstens 77 Zeichen lang sein.');
    const arabic = toOfferFormProblems(rejectionOf(input), input, { ...ctx, locale: 'ar' }, (key, values) => i18n.getFixedT('ar')(key, values));
    expect(arabic.messages.description).toContain(new Intl.NumberFormat('ar-u-nu-latn').format(shape.description.maxLength!));
  });

  it('asks for a place only for offers held in person, and names places of other organisations', () => {
    const missing = toOfferFormInput({ ...body, format: 'in-person', locationIds: [] });
    const problems = toOfferFormProblems({ fields: { locationIds: 'an in-person or hybrid offer needs at least one location' } }, missing, ctx, t);
    expect(problems.summary).toEqual([{ href: '#location-7', text: 'Bitte wählen Sie mindestens einen Ort. Findet das Angebot nur online statt, wählen Sie „Online“.' }]);
    const foreign = toOfferFormProblems({ fields: { locationIds: 'not a location of this provider: 99' } }, toOfferFormInput({ ...body, locationIds: '99' }), ctx, t);
    expect(foreign.messages.locationIds).toBe('Bitte wählen Sie nur Orte Ihrer Organisation.');
    const online = toOfferFormInput({ ...body, format: 'online', locationIds: [] });
    expect(() => parseOfferInput({ ...online, providerId: 3 }, storage.taxonomy)).not.toThrow();
  });
});
