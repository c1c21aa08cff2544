import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { loadRegion } from '../../server/region/region-config.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation } from '../../server/providers/provider-repository.ts';
import { completeEllipses, rewriteQueryText, splitCompound } from '../../server/search/query-rewrite.ts';
import { extractPlaceWords } from '../../server/search/place-words.ts';
import { SYNONYMS } from '../../server/search/search-index-settings.ts';
import { SearchVocabulary } from '../../server/search/search-vocabulary.ts';
import { loadConfig } from '../../server/config/config.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

function vocabularyOf(...texts: string[]): SearchVocabulary {
  const vocabulary = new SearchVocabulary();
  vocabulary.add(texts);
  return vocabulary;
}

describe('reading a query with the index vocabulary', () => {
  const vocabulary = vocabularyOf('Wohnraumhilfe bei der Wohnungssuche', 'Hilfe bei Anträgen', 'Dolmetscherpool EN', 'Sprachmittler', 'Kinderbetreuung während der Sprachkurse', 'Gewalt gegen Frauen', 'Trauma und Beratung');

  it('splits an unknown compound into parts the index knows, through a joining s', () => {
    expect(splitCompound('wohnungshilfe', vocabularyOf('wohnung', 'hilfe'), SYNONYMS)).toEqual(['wohnung', 'hilfe']);
    expect(rewriteQueryText('Traumaberatung', vocabulary, SYNONYMS)).toBe('trauma beratung');
  });

  it('lets a compound reach its head\'s synonyms ("Dolmetscherpool" → "dolmetscher")', () => {
    expect(rewriteQueryText('Dolmetscherpool', vocabulary, SYNONYMS)).toBe('dolmetscher pool');
  });

  it('keeps a compound the index holds whole when its tail is a word of its own', () => {
    expect(rewriteQueryText('Sprachkurse', vocabulary, SYNONYMS)).toBe('sprachkurse');
  });

  it('completes an ellipsis from the second word ("Sprach- und Integrationskurse")', () => {
    expect(completeEllipses('Sprach- und Integrationskurse', vocabulary)).toBe('Sprachkurse und Integrationskurse');
  });

  it('moves words the index does not know behind the ones it knows', () => {
    expect(rewriteQueryText('häusliche Gewalt Frauen', vocabulary, SYNONYMS)).toBe('gewalt frauen häusliche');
  });

  it('never lets a token under three characters lead the query', () => {
    expect(rewriteQueryText('Steuerberatung 1', vocabularyOf('Ruhrstraße 1'), SYNONYMS)).toBe('steuerberatung 1');
    expect(rewriteQueryText('A1 Sprachkurse', vocabulary, SYNONYMS)).toBe('sprachkurse a1');
  });

  it('knows a word one typo away, but not two', () => {
    expect(vocabulary.knows('Sprachmitler')).toBe(true);
    expect(vocabulary.knows('Sprachmitlr')).toBe(false);
  });
});

describe('place words in a query', () => {
  const region = loadRegion(loadConfig({ DATA_DIR: '/tmp' }).regionsDir, 'ennepe-ruhr-kreis');

  it('a town becomes a district, a postcode or quarter a place, and the words around stay the query', () => {
    expect(extractPlaceWords('Sprachcafé Schwelm', region)).toEqual({ text: 'Sprachcafé', district: 'schwelm', where: null });
    expect(extractPlaceWords('Treff für Mütter in Sprockhövel', region)).toEqual({ text: 'Treff für Mütter', district: 'sprockhoevel', where: null });
    expect(extractPlaceWords('Nachhilfe Herbede', region)).toEqual({ text: 'Nachhilfe', district: null, where: 'Herbede' });
    expect(extractPlaceWords('Hausaufgaben 58285', region)).toEqual({ text: 'Hausaufgaben', district: null, where: '58285' });
  });

  it('leaves a query without place words, and everyday words that name a quarter, alone', () => {
    expect(extractPlaceWords('Deutschkurs Anfänger', region)).toBeNull();
    expect(extractPlaceWords('Treffpunkt Mitte', region)).toBeNull();
    expect(extractPlaceWords('Hausaufgaben 99999', region)).toBeNull();
  });
});

describe('searching with place words and distance order', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
    const witten = await createProviderWithLocation(services.db, 'Sprachtreff Witten e.V.');
    const now = new Date().toISOString();
    const schwelm = await insertLocation(services.db, witten.providerId, { name: 'Café Schwelm', street: 'Kölner Str. 5', postcode: '58332', city: 'Schwelm', district: 'schwelm', latitude: 51.2874, longitude: 7.2945, stepFree: false }, now);
    await createOffer(services.offerDeps, offerInput(witten, { slug: 'sprachcafe-witten', title: 'Sprachcafé', summary: 'Deutsch sprechen.' }));
    await createOffer(services.offerDeps, offerInput({ providerId: witten.providerId, locationId: schwelm }, { slug: 'sprachcafe-schwelm', title: 'Offenes Sprachcafé am Markt für alle Nachbarn', summary: 'Jeden Mittwoch.' }));
    await createOffer(services.offerDeps, offerInput(witten, { slug: 'elterntreff-witten', title: 'Elterntreff', summary: 'Für Mütter und Väter.', categories: ['parent-cafe'] }));
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  const slugs = async (query: Record<string, string>) => ((await request(app).get('/api/v1/search').query(query).expect(200)).body.hits as Array<{ slug: string }>).map((hit) => hit.slug);

  it('"Sprachcafé Schwelm" finds the café in Schwelm, not the better-matching title elsewhere', async () => {
    expect(await slugs({ q: 'Sprachcafé Schwelm' })).toEqual(['sprachcafe-schwelm']);
  });

  it('a query whose content words all miss finds nothing in that town, not everything there', async () => {
    expect(await slugs({ q: 'Autowerkstatt Witten' })).toEqual([]);
  });

  it('the page shows the town as a removable chip "in Schwelm" and keeps the rest as the search words', async () => {
    const page = await request(app).get('/search').query({ q: 'Sprachcafé Schwelm' }).expect(200);
    // Removing the chip searches the same words everywhere (Handlebars writes = as &#x3D;).
    expect(page.text).toMatch(/href="\/search\?q&#x3D;Sprachcaf%C3%A9"[^>]*><span>in Schwelm<\/span>/);
    expect(page.text).toMatch(/name="q"[^>]*value="Sprachcafé"/);
  });

  it('sorted by distance with a query typed, the nearer offer comes first even when the other matches the words better', async () => {
    const nearSchwelm = { q: 'Sprachcafé', near: '51.2874,7.2945', radius: '50', sort: 'distance' };
    expect(await slugs(nearSchwelm)).toEqual(['sprachcafe-schwelm', 'sprachcafe-witten']);
    expect(await slugs({ ...nearSchwelm, sort: 'relevance' })).toEqual(['sprachcafe-witten', 'sprachcafe-schwelm']);
  });

  it('"Mütter Treff" finds the parents\' meeting although "Treff" is not its first word', async () => {
    expect(await slugs({ q: 'Treff für Mütter' })).toEqual(['elterntreff-witten']);
  });
});
