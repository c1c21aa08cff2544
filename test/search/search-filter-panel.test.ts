import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { LANGUAGES_SHOWN } from '../../server/search/search-view-mapper.ts';
import { createProviderWithLocation, createTestServices, offerInput, type TestServices } from '../support/test-services.ts';

/** Twelve languages; the n-th is spoken in 12 − n of the offers, so the count order is known. */
const LANGUAGES = ['ar', 'tr', 'uk', 'ru', 'pl', 'fa', 'en', 'ro', 'fr', 'el', 'bg', 'sq'];

/** The language codes of the checkboxes in the page's language filter, in page order. */
function languageOptions(html: string): { listed: string[]; checked: string[] } {
  const facet = /<fieldset class="facet" data-facet="language">([\s\S]*?)<\/fieldset>/.exec(html)?.[1] ?? '';
  const inputs = [...facet.matchAll(/<input type="checkbox" name="language" value="([a-z]+)"( checked)?>/g)];
  return { listed: inputs.map((match) => match[1]!), checked: inputs.filter((match) => match[2]).map((match) => match[1]!) };
}

const decodeEntities = (text: string) => text.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

describe('the language filter lists the most common languages and the rest on request', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
    const ids = await createProviderWithLocation(services.db);
    for (let index = 0; index < LANGUAGES.length; index += 1) {
      await createOffer(services.offerDeps, offerInput(ids, { title: `Sprachtreff ${index + 1}`, languages: ['de', ...LANGUAGES.slice(0, LANGUAGES.length - index)] }));
    }
    await services.worker.drain();
  });
  afterAll(async () => services?.close());

  it(`shows the ${LANGUAGES_SHOWN} most common languages and a link to all of them`, async () => {
    const html = (await request(app).get('/search?q=Sprachtreff&lang=de').expect(200)).text;
    // German (in every offer) comes first by count, then the twelve in their order.
    expect(languageOptions(html).listed).toEqual(['de', ...LANGUAGES].slice(0, LANGUAGES_SHOWN));
    const rest = LANGUAGES.length + 1 - LANGUAGES_SHOWN;
    const link = /data-facet="language">[\s\S]*?<a href="([^"]+)" data-search-link>([^<]+)<\/a>/.exec(html);
    expect(decodeEntities(link?.[1] ?? '')).toBe('/search?q=Sprachtreff&allLanguages=1');
    expect(link?.[2]).toBe(`${rest} weitere anzeigen`);
  });

  it('lists every language after the link was followed, the extra ones in an open fold', async () => {
    const html = (await request(app).get('/search?q=Sprachtreff&allLanguages=1&lang=de').expect(200)).text;
    expect(languageOptions(html).listed).toEqual(['de', ...LANGUAGES]);
    expect(html).toMatch(/data-facet="language">[\s\S]*?<details class="more-options" open>/);
    expect(decodeEntities(html)).not.toContain('allLanguages=1" data-search-link');
  });

  it('always shows a chosen language, even a rare one, checked and first', async () => {
    const html = (await request(app).get('/search?q=Sprachtreff&language=sq&lang=de').expect(200)).text;
    const { listed, checked } = languageOptions(html);
    expect(checked).toEqual(['sq']);
    expect(listed[0]).toBe('sq');
    expect(listed).toHaveLength(LANGUAGES_SHOWN);
  });

  it('has one age field and one "starts soon" box', async () => {
    const html = (await request(app).get('/search?lang=de').expect(200)).text;
    expect(html.match(/id="filter-age"/g)).toHaveLength(1);
    expect(html.match(/name="startsWithin"/g)).toHaveLength(1);
  });

  it('shows one chip each for age and start, with the age in it', async () => {
    const html = (await request(app).get('/search?age=7&startsWithin=28&lang=de').expect(200)).text;
    expect(html.match(/Alter: 7/g)).toHaveLength(1);
    expect(html.match(/Beginnt in den nächsten 28 Tagen/g)).toHaveLength(1);
    expect(html).not.toContain('Alter: <');
  });
});
