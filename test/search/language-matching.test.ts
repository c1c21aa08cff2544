import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';

describe('matching German compounds, typos and translated titles', () => {
  let services: TestServices;

  beforeAll(async () => {
    services = await createTestServices();
    const ids = await createProviderWithLocation(services.db);
    const offers = [
      { title: 'Sprachkurs für Mütter', categories: ['german-course'] },
      { title: 'Deutschkurs am Abend', categories: ['german-course'] },
      { title: 'Integrationskurs mit Kinderbetreuung', categories: ['integration-course'] },
      { title: 'Hausaufgabenhilfe für Grundschulkinder', categories: ['homework-help'] },
      { title: 'Offener Lauftreff im Park', categories: ['sport-for-all'] },
      {
        title: 'Alphabetisierung für Frauen',
        categories: ['literacy-course'],
        translations: [{ locale: 'ar', title: 'دورة محو الأمية للنساء', summary: 'تعلم القراءة والكتابة باللغة الألمانية.', description: 'دورة صغيرة مع رعاية الأطفال.' }],
      },
    ];
    for (const offer of offers) await createOffer(services.offerDeps, offerInput(ids, offer));
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it('"Kurs" finds the courses whose titles only contain it inside a compound', async () => {
    const titles = await searchTitles(services, 'Kurs');
    expect(titles).toEqual(expect.arrayContaining(['Sprachkurs für Mütter', 'Deutschkurs am Abend', 'Integrationskurs mit Kinderbetreuung']));
    expect(titles).not.toContain('Offener Lauftreff im Park');
  });

  it('"Hausaufgaben" finds Hausaufgabenhilfe', async () => {
    expect(await searchTitles(services, 'Hausaufgaben')).toContain('Hausaufgabenhilfe für Grundschulkinder');
  });

  it('the typos "Deutchkurs" and "Hausaufgabenhilf" still find what was meant, and nothing unrelated', async () => {
    const titles = await searchTitles(services, 'Deutchkurs');
    expect(titles).toContain('Deutschkurs am Abend');
    expect(titles).not.toContain('Offener Lauftreff im Park');
    expect(await searchTitles(services, 'Hausaufgabenhilf')).toEqual(['Hausaufgabenhilfe für Grundschulkinder']);
    expect(await searchTitles(services, 'Integratonskurs')).toContain('Integrationskurs mit Kinderbetreuung');
  });

  it('synonyms: "DaZ" finds language courses and "Integrationskurs" finds a Deutschkurs', async () => {
    expect(await searchTitles(services, 'DaZ')).toContain('Deutschkurs am Abend');
    expect(await searchTitles(services, 'Integrationskurs')).toContain('Deutschkurs am Abend');
  });

  it('a spelling without umlauts ("Muetter") finds "Mütter"', async () => {
    expect(await searchTitles(services, 'Muetter')).toContain('Sprachkurs für Mütter');
  });

  it('an Arabic query finds the offer through its Arabic title', async () => {
    expect(await searchTitles(services, 'محو الأمية')).toEqual(['Alphabetisierung für Frauen']);
    expect(await searchTitles(services, 'للنساء')).toEqual(['Alphabetisierung für Frauen']);
  });
});
