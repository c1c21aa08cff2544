import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback, launchBrowser } from '../support/browser.ts';
import { startTestApp, type RunningApp } from '../support/test-app-server.ts';

/**
 * The search page's script on an app without map tiles (`TILE_URL` empty, a
 * documented setting): the map must still show markers, and the list must
 * still update in place.
 */
describe('the search script, with TILE_URL empty', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ TILE_URL: '' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path: string, viewport = { width: 360, height: 780 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}${path}`);
    return { context, page, errors };
  }
  const settled = (page: Page) => page.waitForFunction(() => !document.getElementById('search-form')?.hasAttribute('aria-busy'));

  it('shows markers on a plain background, and a filter tick updates in place: no reload, the drawer stays open, focus stays on the box', async () => {
    const { context, page, errors } = await open('/search?q=Kurs');
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    await page.getByRole('button', { name: 'Karte' }).click();
    await expect.poll(() => page.locator('#map .leaflet-marker-icon').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Liste' }).click();

    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.locator('#open-filters').click();
    const witten = page.locator('#filters').getByLabel(/^Witten/);
    await witten.check();
    await page.waitForURL(/district=witten/);
    await settled(page);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.locator('#filters').isVisible()).toBe(true);
    expect(await page.evaluate(() => [(document.activeElement as HTMLInputElement).name, (document.activeElement as HTMLInputElement).value])).toEqual(['district', 'witten']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('announces the new count in one live region that stays in place, and a removed chip hands focus to the next chip', async () => {
    const { context, page } = await open('/search?q=Kurs&district=witten&language=de', { width: 1366, height: 900 });
    const liveRegion = await page.evaluateHandle(() => document.querySelector('[role="status"][aria-live="polite"]#search-status'));
    expect(await page.locator('#results [role="status"], #results [aria-live]').count()).toBe(0);
    await page.locator('.chip').first().click();
    await page.waitForURL((url) => !url.search.includes('district='));
    await settled(page);
    expect(await page.evaluate((node) => node === document.getElementById('search-status') && node!.isConnected, liveRegion)).toBe(true);
    await expect.poll(() => page.locator('#search-status').textContent()).toBe(await page.locator('#result-count').textContent());
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('chip');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Deutsch');

    await page.locator('.chip').first().click();
    await page.waitForURL((url) => !url.search.includes('language='));
    await settled(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-count');
    await context.close();
  });

  it('when the server fails, shows an error instead of the old results', async () => {
    const { context, page } = await open('/search?q=Kurs', { width: 1366, height: 900 });
    expect(await page.locator('.result-card').count()).toBeGreaterThan(0);
    await page.route('**/search?*', (route) => (route.request().headers()['x-requested-with'] ? route.fulfill({ status: 503, body: 'Service Unavailable' }) : route.continue()));
    await page.locator('#filters').getByLabel(/^Witten/).check();
    await expect.poll(() => page.locator('#results .notice-error').textContent()).toContain('Die Ergebnisse konnten nicht geladen werden');
    expect(await page.locator('.result-card').count()).toBe(0);
    expect(await page.locator('#results .notice-error a').getAttribute('href')).toContain('district=witten');
    await context.close();
  });

  it('on an Arabic page, a typed "58452 Witten" reads left to right and the distance stays on one line', async () => {
    const { context, page } = await open('/search?where=58452&lang=ar');
    await page.locator('#where').fill('58452 Witten');
    expect(await page.locator('#where').evaluate((input) => [input.matches(':dir(ltr)'), getComputedStyle(input).direction])).toEqual([true, 'ltr']);
    await page.locator('#where').fill('');
    expect(await page.locator('#where').evaluate((input) => getComputedStyle(input).direction)).toBe('rtl');
    const distance = page.locator('.result-card .distance').first();
    expect(await distance.evaluate((element) => getComputedStyle(element).whiteSpace)).toBe('nowrap');
    // Bidi may cut the phrase into several boxes, but all on one line.
    expect(await distance.evaluate((element) => new Set([...element.getClientRects()].map((rect) => Math.round(rect.top))).size)).toBe(1);
    await context.close();
  });
});
