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

  it('needs a German label and a clean key', async () => {
    const response = await post('/admin/taxonomy/target', { slug: 'Mit Leerzeichen', label_de: '' }, '/admin/taxonomy/target');
    expect(response.status).toBe(400);
    expect(response.text).toContain('Die Kennung darf nur Kleinbuchstaben');
  });
});
