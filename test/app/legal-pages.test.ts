import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestStorage } from '../support/test-services.ts';
import type { SearchEngine } from '../../server/search-engine/search-engine.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { createMailLinks } from '../../server/mail/mail-links.ts';

describe('the pages every German public site needs', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let i18n: Awaited<ReturnType<typeof createI18n>>;

  /** The app over real SQLite; these pages never search, so no search engine is needed. */
  const appFor = (region: typeof storage.region) =>
    createApp({
      ...storage,
      region,
      engine: {} as SearchEngine,
      i18n,
      logger: createSilentLogger(),
      mailer: { send: async () => undefined },
      links: createMailLinks('https://wegweiser.example.de'),
      sessionSecret: 'x'.repeat(32),
      clock: () => new Date(),
      notifySearch: () => undefined,
    } as unknown as Parameters<typeof createApp>[0]);

  beforeAll(async () => {
    storage = await createTestStorage();
    i18n = await createI18n();
  });
  afterAll(async () => storage?.close());

  it('Impressum, Datenschutz, Barrierefreiheit and Leichte Sprache are linked from every page and filled from the region', async () => {
    const app = appFor(storage.region);
    const imprint = (await request(app).get('/impressum').expect(200)).text;
    // The footer of the layout every page uses.
    for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache']) expect(imprint).toContain(`href="${path}"`);
    expect(imprint).toContain(`Herausgeber: ${storage.region.organisation}`);
    const privacy = (await request(app).get('/datenschutz').expect(200)).text;
    expect(privacy).toContain('keine Analyse- oder Werbedienste');
    expect(privacy).toContain('nach 8 Stunden');
    expect(privacy).toContain('nach 48 Stunden');
    const accessibility = (await request(app).get('/barrierefreiheit').expect(200)).text;
    expect(accessibility).toContain('BITV 2.0');
    expect(accessibility).toContain(`schreiben Sie an ${storage.region.contact?.email ?? storage.region.contactEmail}`);
    expect((await request(app).get('/leichte-sprache').expect(200)).text).toContain('Der Wegweiser ist eine Internet-Seite.');
  });

  it('the region file\'s legal block names the representative and the feedback address, in each language', async () => {
    const app = appFor({ ...storage.region, legal: { representative: 'Landrätin Erika Muster', accessibilityFeedbackEmail: 'barrierefrei@kreis.example', enforcementBody: 'Ombudsstelle für barrierefreie IT NRW' } });
    expect((await request(app).get('/impressum').expect(200)).text).toContain('Vertreten durch: Landrätin Erika Muster.');
    const english = (await request(app).get('/barrierefreiheit').query({ lang: 'en' }).expect(200)).text;
    expect(english).toContain('write to barrierefrei@kreis.example');
    expect(english).toContain('turn to the Ombudsstelle für barrierefreie IT NRW');
    const arabic = (await request(app).get('/barrierefreiheit').query({ lang: 'ar' }).expect(200)).text;
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('barrierefrei@kreis.example');
  });
});
