import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppInChromium } from '../support/browser-app.ts';
import { isLoopback } from '../support/browser.ts';

const running = useAppInChromium();

/** A German-speaking visitor; nothing may leave the machine (map tiles fail as on a closed network). */
async function newPage(options: { width?: number; height?: number; javaScriptEnabled?: boolean; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await running.browser.newContext({
    viewport: { width: options.width ?? 1366, height: options.height ?? 900 },
    locale: options.locale ?? 'de-DE',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  return { context, page: await context.newPage() };
}

async function resultCount(page: Page): Promise<number> {
  const text = (await page.locator('#result-count').textContent()) ?? '';
  return Number(/\d+/.exec(text)?.[0] ?? 0);
}

/** Waits until the instant search has settled after a change. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.getElementById('search-form')?.hasAttribute('aria-busy'));
}

describe('searching in a real Chromium', () => {
  it('search for a German course, filter by district and language, open an offer, go back: the state is kept', async () => {
    const { context, page } = await newPage();
    await page.goto(`${running.app.url}/`);
    await page.getByLabel('Was suchen Sie?').fill('Deutschkurs');
    await page.getByLabel('Was suchen Sie?').press('Enter');
    await page.waitForURL(/\/search\?q=Deutschkurs/);
    const unfiltered = await resultCount(page);
    expect(unfiltered).toBeGreaterThan(5);

    await page.locator('#filters').getByLabel(/^Witten/).check();
    await page.waitForURL(/district=witten/);
    await settled(page);
    const inWitten = await resultCount(page);
    expect(inWitten).toBeLessThan(unfiltered);
    expect(inWitten).toBeGreaterThan(0);

    const wittenTitles = await page.locator('.result-card h2').allTextContents();

    await page.locator('#filters').getByLabel(/^Deutsch\b/).first().check();
    await page.waitForURL(/language=de/);
    await settled(page);
    const filtered = await resultCount(page);
    const filteredTitles = await page.locator('.result-card h2').allTextContents();
    expect(filteredTitles.length).toBeGreaterThan(0);
    const firstTitle = (await page.locator('.result-card h2 a').first().textContent())?.trim();

    await page.locator('.result-card h2 a').first().click();
    await page.waitForURL(/\/offers\//);
    expect((await page.locator('h1').textContent())?.trim()).toBe(firstTitle);

    // The browser's back button: the search comes back as it was left (words, both filters, the same list).
    await page.goBack();
    await page.waitForURL(/\/search\?/);
    await settled(page);
    expect(new URL(page.url()).searchParams.getAll('district')).toEqual(['witten']);
    expect(new URL(page.url()).searchParams.getAll('language')).toEqual(['de']);
    expect(await page.getByLabel('Was suchen Sie?').inputValue()).toBe('Deutschkurs');
    expect(await page.locator('#filters').getByLabel(/^Witten/).isChecked()).toBe(true);
    expect(await page.locator('#filters').getByLabel(/^Deutsch\b/).first().isChecked()).toBe(true);
    expect(await resultCount(page)).toBe(filtered);
    expect(await page.locator('.result-card h2').allTextContents()).toEqual(filteredTitles);

    // Back once more: the step before the language filter, restored by the page's own history handling.
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/search' && !url.search.includes('language='));
    await settled(page);
    expect(await page.getByLabel('Was suchen Sie?').inputValue()).toBe('Deutschkurs');
    expect(await page.locator('#filters').getByLabel(/^Witten/).isChecked()).toBe(true);
    expect(await page.locator('#filters').getByLabel(/^Deutsch\b/).first().isChecked()).toBe(false);
    expect(await resultCount(page)).toBe(inWitten);
    expect(await page.locator('.result-card h2').allTextContents()).toEqual(wittenTitles);
    await context.close();
  });

  it('a copied link opens the same search', async () => {
    const { context, page } = await newPage();
    await page.goto(`${running.app.url}/search?q=Beratung&district=hattingen&category=counselling`);
    const count = await resultCount(page);
    const titles = await page.locator('.result-card h2').allTextContents();
    const { context: other, page: second } = await newPage();
    await second.goto(page.url());
    expect(await resultCount(second)).toBe(count);
    expect(await second.locator('.result-card h2').allTextContents()).toEqual(titles);
    await Promise.all([context.close(), other.close()]);
  });

  it('the map shows clustered markers for all results, and "search this area" narrows them', async () => {
    const { context, page } = await newPage();
    await page.goto(`${running.app.url}/search?category=language`);
    const total = await resultCount(page);
    // Every place of every result is a marker: as many as the map API lists for this search, no more, no fewer.
    const places = (await (await fetch(`${running.app.url}/api/v1/map?category=language`)).json()) as { markers: unknown[]; truncated: boolean };
    expect(places.truncated).toBe(false);
    expect(places.markers.length).toBeGreaterThan(0);
    await page.waitForSelector('.marker-cluster');
    const markersOnMap = async () => {
      const clustered = await page.locator('.marker-cluster span').allTextContents();
      const single = await page.locator('.leaflet-marker-icon:not(.marker-cluster)').count();
      return clustered.reduce((sum, n) => sum + Number(n), 0) + single;
    };
    await expect.poll(markersOnMap).toBe(places.markers.length);

    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator('.leaflet-control-zoom-in').click();
    const areaButton = page.getByRole('button', { name: 'In diesem Kartenausschnitt suchen' });
    await areaButton.waitFor({ state: 'visible' });
    await areaButton.click();
    await page.waitForURL(/bbox=/);
    await settled(page);
    const inArea = await resultCount(page);
    expect(inArea).toBeLessThan(total);
    await expect.poll(() => page.locator('#results .chip').allTextContents()).toContainEqual(expect.stringContaining('Kartenausschnitt'));
    await context.close();
  });

  it('hovering a result highlights its marker on the map', async () => {
    const { context, page } = await newPage();
    await page.goto(`${running.app.url}/search?district=breckerfeld`);
    await page.waitForSelector('.leaflet-marker-icon');
    await page.locator('.result-card').first().hover();
    await expect.poll(() => page.locator('.leaflet-marker-icon.is-active').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('on a phone the filters open as a drawer and list and map can be switched', async () => {
    const { context, page } = await newPage({ width: 390, height: 844 });
    await page.goto(`${running.app.url}/search?q=Kurs`);
    const filters = page.locator('#filters');
    expect(await filters.isVisible()).toBe(false);
    const before = await resultCount(page);

    await page.locator('#open-filters').click();
    await expect.poll(() => filters.isVisible()).toBe(true);
    await filters.getByLabel(/^Hattingen/).check();
    await page.waitForURL(/district=hattingen/);
    await settled(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => filters.isVisible()).toBe(false);
    expect(await resultCount(page)).toBeLessThan(before);
    expect((await page.locator('#open-filters').innerText()).trim()).toBe('Filter (1)');

    await page.getByRole('button', { name: 'Karte' }).click();
    await expect.poll(() => page.locator('#map').isVisible()).toBe(true);
    expect(await page.locator('.result-card').first().isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Liste' }).click();
    await expect.poll(() => page.locator('.result-card').first().isVisible()).toBe(true);
    await context.close();
  });

  it('"near me" uses the browser location, sorts by distance and shows how far each offer is', async () => {
    const { context, page } = await newPage();
    const witten = running.app.services.region.districts.find((district) => district.slug === 'witten')!.centre;
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: witten.lat, longitude: witten.lng });
    await page.goto(`${running.app.url}/search?category=counselling`);
    await page.getByRole('button', { name: 'In meiner Nähe' }).click();
    await page.waitForURL(/near=51\.4/);
    await settled(page);
    expect(page.url()).toContain('radius=5');
    const distances = (await page.locator('.result-card .distance').allTextContents()).map((text) => Number(/[\d,]+/.exec(text)![0].replace(',', '.')));
    expect(distances.length).toBeGreaterThan(0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(5);
    await context.close();
  });

  it('a postcode typed into "where" searches around it', async () => {
    const { context, page } = await newPage();
    await page.goto(`${running.app.url}/search`);
    await page.getByLabel('Wo? (Postleitzahl oder Ort)').fill('45525');
    await page.getByLabel('Wo? (Postleitzahl oder Ort)').press('Enter');
    await page.waitForURL(/where=45525/);
    await settled(page);
    const distances = (await page.locator('.result-card .distance').allTextContents()).map((text) => Number(/[\d,]+/.exec(text)![0].replace(',', '.')));
    expect(distances.length).toBeGreaterThan(0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(await page.locator('#results .chip').allTextContents()).toContainEqual(expect.stringContaining('Umkreis 5 km'));
    await context.close();
  });

  it('works with the keyboard alone: search, filter, open an offer', async () => {
    const { context, page } = await newPage();
    await page.goto(`${running.app.url}/`);
    const tabTo = async (predicate: string, limit = 60) => {
      for (let i = 0; i < limit; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(predicate)) return;
      }
      throw new Error(`never reached ${predicate}`);
    };
    await tabTo("document.activeElement?.id === 'home-q'");
    await page.keyboard.type('Beratung');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=Beratung/);
    await tabTo("document.activeElement?.name === 'district'", 40);
    const district = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    await page.keyboard.press('Space');
    await page.waitForURL(new RegExp(`district=${district}`));
    await settled(page);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('district');
    await tabTo("document.activeElement?.closest('.result-card') !== null", 200);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/offers\//);
    expect(await page.locator('h1').count()).toBe(1);
    await context.close();
  });

  it('works without JavaScript: the form filters and the back button still work', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${running.app.url}/search?q=Sprachcafé`);
    const all = await resultCount(page);
    await page.locator('#filters').getByLabel(/^Witten/).check();
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await page.waitForURL(/district=witten/);
    const inWitten = await resultCount(page);
    expect(inWitten).toBeLessThan(all);
    expect(await page.locator('.chip').count()).toBe(1);
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('district='));
    // The list is the unfiltered one again (the browser may restore the box it remembers; the server's answer decides the list).
    expect(await resultCount(page)).toBe(all);
    expect(await page.locator('.chip').count()).toBe(0);
    await context.close();
  });

  it.each([
    ['home', '/'],
    ['search', '/search?q=Kurs&district=witten&language=ar'],
    ['empty search', '/search?district=breckerfeld&language=ti'],
    ['offer', 'offer'],
    ['provider', '/providers/awo-ennepe-ruhr'],
  ])('axe-core finds no WCAG 2.1 A/AA violation on the %s page', async (_name, target) => {
    const { context, page } = await newPage();
    const path = target === 'offer' ? `/offers/${(await running.app.services.db('offers').where({ status: 'published' }).first('slug')).slug}` : target;
    await page.goto(`${running.app.url}${path}`);
    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const violations = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
    expect(violations).toEqual([]);
    await context.close();
  });
});
