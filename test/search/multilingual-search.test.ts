import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyQuery } from '../../server/search/search-query.ts';
import { searchOffers } from '../../server/search/search-service.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

/**
 * Offers with translations in the six other UI languages; each query is typed
 * the way a reader of that language would type it.
 */
describe('search in the languages of the UI', () => {
  let services: TestServices;

  beforeAll(async () => {
    services = await createTestServices();
    const ids = await createProviderWithLocation(services.db);
    const offers = [
      {
        title: 'Deutschkurs für Anfängerinnen',
        categories: ['german-course'],
        translations: [
          { locale: 'fa', title: 'کلاس زبان آلمانی برای زنان', summary: 'یادگیری زبان آلمانی از سطح مقدماتی.', description: 'با نگهداری از کودکان.' },
          { locale: 'uk', title: 'Курс німецької мови для жінок', summary: 'Німецька мова з нуля.', description: 'З доглядом за дітьми.' },
          { locale: 'ru', title: 'Курс немецкого языка для женщин', summary: 'Немецкий язык с нуля.', description: 'С присмотром за детьми.' },
          { locale: 'tr', title: 'Kadınlar için Almanca kursu', summary: 'Sıfırdan Almanca öğrenin.', description: 'Çocuk bakımı var.' },
          { locale: 'en', title: 'German course for women', summary: 'German for beginners.', description: 'With childcare.' },
        ],
      },
      {
        // Arabic text full of words with the article ال: the Farsi query آلمانی must not find it through fragments.
        title: 'Beratung für Familien',
        categories: ['social-counselling'],
        translations: [{ locale: 'ar', title: 'استشارة العائلات', summary: 'الاستشارة للأمهات والآباء في المدينة.', description: 'المكان قريب من المحطة.' }],
      },
      {
        title: 'Frauentreff Türkischer Elternverein',
        categories: ['womens-group'],
        translations: [{ locale: 'tr', title: 'İstanbul kadın buluşması', summary: 'İSTANBUL ve İzmir’den gelen kadınlar için.', description: 'Her salı.' }],
      },
      {
        title: 'Hausaufgabenhilfe Grundschule',
        categories: ['homework-help'],
        translations: [{ locale: 'ar', title: 'مساعدة في الواجبات المدرسية', summary: 'لتلاميذ المدرسة الابتدائية.', description: 'كل يوم بعد الظهر.' }],
      },
    ];
    for (const offer of offers) await createOffer(services.offerDeps, offerInput(ids, offer));
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it('Farsi: "آلمانی" finds the German course and nothing Arabic through fragments of the word', async () => {
    expect(await searchTitles(services, 'آلمانی')).toEqual(['Deutschkurs für Anfängerinnen']);
    expect(await searchTitles(services, 'کلاس زبان')).toEqual(['Deutschkurs für Anfängerinnen']);
  });

  it('Turkish: "istanbul" finds "İstanbul" in any case, and "kadınlar" finds the course for women', async () => {
    expect(await searchTitles(services, 'istanbul')).toEqual(['Frauentreff Türkischer Elternverein']);
    expect(await searchTitles(services, 'İstanbul')).toEqual(['Frauentreff Türkischer Elternverein']);
    expect(await searchTitles(services, 'ISTANBUL')).toEqual(['Frauentreff Türkischer Elternverein']);
    expect(await searchTitles(services, 'almanca kursu')).toEqual(['Deutschkurs für Anfängerinnen']);
  });

  it('Ukrainian and Russian: the course is found through its Cyrillic title', async () => {
    expect(await searchTitles(services, 'німецької')).toEqual(['Deutschkurs für Anfängerinnen']);
    expect(await searchTitles(services, 'немецкого языка')).toEqual(['Deutschkurs für Anfängerinnen']);
  });

  it('Arabic: words with and without the article find the same offer', async () => {
    expect(await searchTitles(services, 'الواجبات المدرسية')).toEqual(['Hausaufgabenhilfe Grundschule']);
    expect(await searchTitles(services, 'واجبات')).toEqual(['Hausaufgabenhilfe Grundschule']);
  });

  it('English: the course is found through its English title, and a German query still finds every offer', async () => {
    expect(await searchTitles(services, 'German course')).toEqual(['Deutschkurs für Anfängerinnen']);
    expect(await searchTitles(services, 'Deutschkurs')).toEqual(['Deutschkurs für Anfängerinnen']);
    expect(await searchTitles(services, 'Hausaufgabenhilfe')).toEqual(['Hausaufgabenhilfe Grundschule']);
  });
});

describe('queries in each UI language find the translated demo offers', () => {
  let services: TestServices;

  beforeAll(async () => {
    services = await createTestServices({ DEMO_DATA: 'true' });
  });
  afterAll(async () => services?.close());

  it.each(['en', 'ar', 'fa', 'tr', 'uk', 'ru'] as const)('%s: each of eight translated titles finds an offer carrying it', async (locale) => {
    const rows: Array<{ title: string }> = await services
      .db('offer_translations')
      .join('offers', 'offers.id', 'offer_translations.offer_id')
      .where({ 'offer_translations.locale': locale, 'offers.status': 'published' })
      .distinct('offer_translations.title as title')
      .orderBy('title')
      .limit(8);
    expect(rows).toHaveLength(8);
    for (const { title } of rows) {
      const result = await searchOffers(services, { ...emptyQuery(), q: title });
      expect(result.hits.map((hit) => hit[`title_${locale}`]), `${locale}: ${title}`).toContain(title);
    }
  });
});
