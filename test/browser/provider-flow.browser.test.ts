import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { isLoopback, launchBrowser } from '../support/browser.ts';
import { waitForMails } from '../support/mail-outbox.ts';
import { startTestApp, type RunningApp } from '../support/test-app-server.ts';

const PASSWORD = 'ein sicheres passwort';

describe('from sign-up to search, in a real Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** The app's clock runs this far ahead: a sign-up sent within 3 s of the form is taken for a bot, so the test moves time on instead of waiting. */
  let clockOffsetMs = 0;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ DEMO_DATA: 'false', ACCOUNT_RATE_LIMIT: '1000' }, { clock: () => new Date(Date.now() + clockOffsetMs) }), launchBrowser()]);
    const now = new Date().toISOString();
    const providerId = await insertProvider(app.services.db, { slug: 'familienzentrum-sonnenblume', name: 'Familienzentrum Sonnenblume', description: 'Ein Familienzentrum.', kind: 'family-centre' }, now);
    await insertLocation(app.services.db, providerId, { name: 'Familienzentrum Sonnenblume', street: 'Annenstraße 5', postcode: '58453', city: 'Witten', district: 'witten', latitude: 51.4412, longitude: 7.3701, stepFree: true }, now);
    await createStaffAccount(app.services, { email: 'admin@ki.example', password: PASSWORD, displayName: 'Admin', role: 'admin' });
    await createStaffAccount(app.services, { email: 'redaktion@ki.example', password: PASSWORD, displayName: 'Redaktion', role: 'editor' });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function person(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    contexts.push(context);
    return context.newPage();
  }

  async function logIn(page: Page, email: string): Promise<void> {
    await page.goto(`${app.url}/account/login`);
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/account/login'));
  }

  async function lastMailLink(to: string): Promise<string> {
    const mail = (await waitForMails(app.services.config.mail.outboxDir, to, 1)).at(-1) ?? '';
    return new URL(/http:\/\/\S+\/account\/verify\/[A-Za-z0-9_-]+/.exec(mail)![0]).pathname;
  }

  it('a provider signs up, confirms, is linked, submits; an editor approves; a visitor finds it; an edit waits for approval', async () => {
    const provider = await person();
    await provider.goto(`${app.url}/account/signup`);
    await provider.getByLabel('Ihr Name').fill('Olena Shevchenko');
    await provider.getByLabel('Name Ihrer Organisation').fill('Familienzentrum Sonnenblume e.V.');
    await provider.getByLabel('Ort Ihrer Organisation').fill('Witten');
    await provider.getByLabel('E-Mail-Adresse').fill('olena@sonnenblume.example');
    await provider.getByLabel('Passwort').fill(PASSWORD);
    // A person takes a few seconds over a form; a post within 3 s is taken for a bot.
    clockOffsetMs += 5000;
    await provider.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect.poll(() => provider.locator('h1').textContent()).toContain('Bitte prüfen Sie Ihr Postfach');
    await provider.goto(`${app.url}${await lastMailLink('olena@sonnenblume.example')}`);
    await expect.poll(() => provider.locator('h1').textContent()).toContain('E-Mail-Adresse bestätigt');

    const admin = await person();
    await logIn(admin, 'admin@ki.example');
    await admin.goto(`${app.url}/admin/accounts`);
    // The page suggests the organisation named at sign-up ("… e.V." or not); one click links it.
    const row = admin.locator('tr', { hasText: 'olena@sonnenblume.example' });
    await row.getByRole('button', { name: 'Mit dieser Organisation verknüpfen – Familienzentrum Sonnenblume' }).click();
    await admin.waitForURL(/\/admin\/accounts$/);
    expect((await admin.locator('tr', { hasText: 'olena@sonnenblume.example' }).locator('td').nth(2).textContent())?.trim()).toBe('Familienzentrum Sonnenblume');

    await logIn(provider, 'olena@sonnenblume.example');
    await provider.getByRole('link', { name: 'Neues Angebot' }).click();
    await provider.locator('#title').fill('Mütterfrühstück international');
    await provider.locator('#summary').fill('Frühstück und Gespräche für Mütter aus aller Welt.');
    await provider.locator('#description').fill('Wir frühstücken zusammen und sprechen Deutsch.');
    await provider.locator('input[name="categories"][value="womens-group"]').check();
    await provider.locator('input[name="targetGroups"][value="women"]').check();
    await provider.locator('input[name="languages"][value="uk"]').check();
    await provider.locator('select[name="schedule[0][weekday]"]').selectOption('3');
    await provider.locator('input[name="schedule[0][opensAt]"]').fill('09:30');
    await provider.locator('input[name="schedule[0][closesAt]"]').fill('11:30');
    await provider.locator('input[name="locationIds"]').first().check();
    await provider.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await expect.poll(() => provider.locator('.notice-success').textContent()).toContain('Der Entwurf ist gespeichert');
    await provider.getByRole('button', { name: 'Zur Prüfung senden' }).click();
    // Only a sent offer lands in the area with the submitted notice and the status "Wird geprüft" in its own row.
    await provider.waitForURL(/\/account\?notice=submitted$/);
    expect((await provider.locator('tr', { hasText: 'Mütterfrühstück international' }).locator('.status').textContent())?.trim()).toBe('Wird geprüft');

    const editor = await person();
    await logIn(editor, 'redaktion@ki.example');
    await editor.goto(`${app.url}/admin/moderation`);
    await editor.getByRole('link', { name: 'Mütterfrühstück international' }).click();
    await editor.getByRole('button', { name: 'Freigeben' }).click();
    await editor.waitForURL(/\/admin\/moderation$/);

    const visitor = await person();
    await expect
      .poll(async () => {
        await visitor.goto(`${app.url}/search?q=Mütterfrühstück`);
        return visitor.locator('.result-card h2').allTextContents();
      }, { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Mütterfrühstück international'));
    await visitor.waitForSelector('.leaflet-marker-icon');
    expect(await visitor.locator('.leaflet-marker-icon').count()).toBe(1);
    expect(await visitor.locator('.leaflet-marker-icon').getAttribute('title')).toContain('Mütterfrühstück international');

    await provider.goto(`${app.url}/account`);
    await provider.getByRole('link', { name: 'Bearbeiten' }).first().click();
    await provider.locator('#title').fill('Mütterfrühstück international – jetzt mittwochs und freitags');
    await provider.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect.poll(() => provider.locator('.notice-success').textContent()).toContain('Das KI prüft sie');
    await app.services.worker.drain();
    const slug = (await app.services.db('offers').first('slug')).slug;
    await visitor.goto(`${app.url}/offers/${slug}`);
    expect((await visitor.locator('h1').textContent())?.trim()).toBe('Mütterfrühstück international');
    await visitor.goto(`${app.url}/search?q=freitags`);
    expect(await visitor.locator('.result-card').count()).toBe(0);
    await editor.goto(`${app.url}/admin/moderation`);
    expect(await editor.locator('body').textContent()).toContain('Änderung');
  });

  it('the place picker opens at the region\'s map view without a script error, before any town is chosen', async () => {
    const providerId = await insertProvider(app.services.db, { slug: 'kulturverein-annen', name: 'Kulturverein Annen', description: 'Ein Verein.', kind: 'club' }, new Date().toISOString());
    const userId = await createStaffAccount(app.services, { email: 'leyla@annen.example', password: PASSWORD, displayName: 'Leyla', role: 'provider' });
    await app.services.db('users').where({ id: userId }).update({ provider_id: providerId });
    const provider = await person();
    const errors: string[] = [];
    provider.on('pageerror', (error) => errors.push(error.message));
    await logIn(provider, 'leyla@annen.example');
    await provider.goto(`${app.url}/account/offers/new`);
    await provider.locator('#new-place > summary').click();
    await expect.poll(() => provider.locator('#placeMap .leaflet-marker-pane').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(await provider.locator('#placeLatitude').inputValue()).toBe('');
    const centre = app.services.region.map.centre;
    const shown = await provider.locator('#placeMap').evaluate((element) => {
      const pane = element.querySelector<HTMLElement>('.leaflet-map-pane')!;
      return pane.style.transform;
    });
    expect(shown).not.toContain('NaN');
    expect(Number.isFinite(centre.lat)).toBe(true);
  });

  it('a provider types a new address: the map puts the pin at the postcode centre, a click moves it, and the place is saved there', async () => {
    const providerId = await insertProvider(app.services.db, { slug: 'nachbarschaftsverein-herbede', name: 'Nachbarschaftsverein Herbede', description: 'Ein Verein.', kind: 'club' }, new Date().toISOString());
    const userId = await createStaffAccount(app.services, { email: 'kasia@herbede.example', password: PASSWORD, displayName: 'Kasia', role: 'provider' });
    await app.services.db('users').where({ id: userId }).update({ provider_id: providerId });
    const provider = await person();
    await logIn(provider, 'kasia@herbede.example');
    await provider.goto(`${app.url}/account/offers/new`);
    await provider.locator('#title').fill('Repair-Café Herbede');
    await provider.locator('input[name="categories"]').first().check();
    await provider.locator('#placeStreet').fill('Meesmannstraße 50');
    await provider.locator('#placePostcode').fill('58456');
    await provider.locator('#placeDistrict').selectOption('witten');
    const centre = app.services.region.districts.flatMap((district) => district.postcodes).find((postcode) => postcode.code === '58456')!;
    await expect.poll(() => provider.locator('#placeLatitude').inputValue()).toBe(centre.lat.toFixed(6));
    expect(await provider.locator('#placeMap .leaflet-marker-icon').count()).toBe(1);

    const box = (await provider.locator('#placeMap').boundingBox())!;
    await provider.locator('#placeMap').click({ position: { x: box.width / 2 + 40, y: box.height / 2 + 20 } });
    await expect.poll(() => provider.locator('#placeLatitude').inputValue()).not.toBe(centre.lat.toFixed(6));
    const pinned = { lat: Number(await provider.locator('#placeLatitude').inputValue()), lng: Number(await provider.locator('#placeLongitude').inputValue()) };
    await provider.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await expect.poll(() => provider.locator('.notice-success').textContent()).toContain('Der Entwurf ist gespeichert');
    const place = await app.services.db('locations').where({ provider_id: providerId }).first('street', 'latitude', 'longitude');
    expect(place).toEqual({ street: 'Meesmannstraße 50', latitude: pinned.lat, longitude: pinned.lng });
  });
});
