import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { useAppInChromium } from '../support/browser-app.ts';
import { isLoopback } from '../support/browser.ts';

const running = useAppInChromium();
const UI_LANGUAGES = ['de', 'en', 'ar', 'fa', 'tr', 'uk', 'ru'] as const;
const NATIVE_NAMES: Record<string, string> = { de: 'Deutsch', en: 'English', ar: 'العربية', fa: 'فارسی', tr: 'Türkçe', uk: 'Українська', ru: 'Русский' };

/** A 360 × 780 phone; nothing leaves the machine (map tiles fail as on a closed network). */
async function phone(javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'de-DE', javaScriptEnabled });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  return { context, page: await context.newPage() };
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.getElementById('search-form')?.hasAttribute('aria-busy'));
}

/** Where the search field, the count and the first card's title are on the first screen. */
async function firstScreen(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
    return { search: box('#q').bottom, count: box('#result-count').bottom, cardTop: box('.result-card').top, titleBottom: box('.result-card .card-title').bottom };
  });
}

/** How many rows the header's controls take: controls whose boxes overlap vertically share a row. */
async function headerRows(page: Page): Promise<{ rows: number; height: number }> {
  return page.evaluate(() => {
    const header = document.querySelector('.site-header')!;
    const boxes = ['.brand', '.language-menu > summary', '.site-nav a', '.shortlist-link', '.account-nav > *']
      .flatMap((selector) => [...header.querySelectorAll(selector)])
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.height > 0)
      .sort((a, b) => a.top - b.top);
    let rows = 0;
    let rowBottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= rowBottom - 1) {
        rows += 1;
        rowBottom = box.bottom;
      } else rowBottom = Math.max(rowBottom, box.bottom);
    }
    return { rows, height: header.getBoundingClientRect().height };
  });
}

describe('on a 360 × 780 phone', () => {
  it('with an editor signed in and offers on the shortlist, the header keeps to two rows in every UI language', async () => {
    await createStaffAccount(running.app.services, { email: 'kopfzeile@ki.example', password: 'lang-genug-fuer-die-kopfzeile', displayName: 'Kopfzeile', role: 'editor' });
    const ids: number[] = await running.app.services.db('offers').where({ status: 'published' }).orderBy('id').limit(3).pluck('id');
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/account/login`);
    await page.getByLabel('E-Mail-Adresse').fill('kopfzeile@ki.example');
    await page.getByLabel('Passwort', { exact: true }).fill('lang-genug-fuer-die-kopfzeile');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/account/login'));
    await context.addCookies([{ name: 'wegweiser_shortlist', value: ids.join('.'), url: running.app.url }]);
    const heights: Record<string, number> = {};
    for (const lang of UI_LANGUAGES) {
      await page.goto(`${running.app.url}/search?q=Kurs&lang=${lang}`);
      expect(await page.locator('[data-shortlist-count]').first().innerText()).toBe(new Intl.NumberFormat(lang).format(3));
      expect(await page.locator('.account-menu > summary').isVisible(), lang).toBe(true);
      const header = await headerRows(page);
      heights[lang] = Math.round(header.height);
      expect(header.rows, lang).toBe(2);
      // Three rows of 44 px touch targets could not fit in 120 px.
      expect(header.height, lang).toBeLessThan(120);
    }
    expect(Object.keys(heights)).toHaveLength(7);
    // The staff links are one tap away, in the account menu.
    await page.goto(`${running.app.url}/search?q=Kurs&lang=de`);
    const backOffice = page.locator('.account-menu a[href="/admin"]');
    expect(await backOffice.isVisible()).toBe(false);
    await page.locator('.account-menu > summary').click();
    await expect.poll(() => backOffice.isVisible()).toBe(true);
    expect(await backOffice.innerText()).toBe('Verwaltung');
    await context.close();
  });

  it.each([true, false])('the search field, the count and the first result are on the first screen in every UI language (JavaScript %s)', async (javaScriptEnabled) => {
    const { context, page } = await phone(javaScriptEnabled);
    const measured: Record<string, number> = {};
    for (const lang of UI_LANGUAGES) {
      await page.goto(`${running.app.url}/search?q=Deutschkurs&lang=${lang}`);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const screen = await firstScreen(page);
      measured[lang] = Math.round(screen.cardTop);
      expect(screen.search, lang).toBeLessThan(780);
      expect(screen.count, lang).toBeLessThan(780);
      expect(screen.titleBottom, lang).toBeLessThan(780);
    }
    expect(Object.keys(measured)).toHaveLength(7);
    await context.close();
  });

  it('the language chooser is one control naming the current language in its own script, and works without JavaScript', async () => {
    const { context, page } = await phone(false);
    await page.goto(`${running.app.url}/search?q=Kurs&lang=uk`);
    const chooser = page.locator('.language-menu > summary');
    expect(await chooser.count()).toBe(1);
    expect(await chooser.innerText()).toContain(NATIVE_NAMES.uk);
    expect(await page.locator('.language-menu a[lang="ar"]').isVisible()).toBe(false);
    const box = (await chooser.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(120);
    await chooser.click();
    await page.locator('.language-menu a[lang="ar"]').click();
    await page.waitForURL(/lang=ar/);
    expect(page.url()).toContain('q=Kurs');
    expect(await page.locator('.language-menu > summary').innerText()).toContain(NATIVE_NAMES.ar);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await context.close();
  });

  it('without JavaScript the filters wait behind "Filter" and still apply', async () => {
    const { context, page } = await phone(false);
    await page.goto(`${running.app.url}/search?q=Kurs`);
    const witten = page.locator('#filters').getByLabel(/^Witten/);
    expect(await witten.isVisible()).toBe(false);
    await page.locator('#open-filters').click();
    await expect.poll(() => witten.isVisible()).toBe(true);
    await witten.check();
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await page.waitForURL(/district=witten/);
    expect(await page.locator('.chip').count()).toBe(1);
    expect(await page.locator('#filters').getByLabel(/^Witten/).isVisible()).toBe(false);
    expect((await page.locator('#open-filters').innerText()).trim()).toMatch(/Filter \(1\)$/);
    await context.close();
  });

  it.each([true, false])('"back to search" on an offer returns to the exact search (JavaScript %s)', async (javaScriptEnabled) => {
    const { context, page } = await phone(javaScriptEnabled);
    const search = '/search?q=Beratung&district=hattingen&lang=fa';
    await page.goto(`${running.app.url}${search}`);
    const count = (await page.locator('#result-count').textContent())?.trim();
    await page.locator('.result-card h2 a').first().click();
    await page.waitForURL(/\/offers\//);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('fa');
    await page.locator('#back-to-results').click();
    await page.waitForURL(/\/search\?/);
    const back = new URL(page.url()).searchParams;
    expect([back.get('q'), back.get('district'), back.get('lang')]).toEqual(['Beratung', 'hattingen', 'fa']);
    expect((await page.locator('#result-count').textContent())?.trim()).toBe(count);
    await context.close();
  });

  it('after a search changed in place, offer links carry the new search', async () => {
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/search?q=Kurs`);
    await page.locator('#open-filters').click();
    await page.locator('#filters').getByLabel(/^Sprockhövel/).check();
    await page.waitForURL(/district=sprockhoevel/);
    await settled(page);
    await page.keyboard.press('Escape');
    await page.locator('.result-card h2 a').first().click();
    await page.waitForURL(/\/offers\//);
    expect(await page.locator('#back-to-results').getAttribute('href')).toBe('/search?q=Kurs&district=sprockhoevel');
    await context.close();
  });

  it.each(['de', 'ar'])('axe-core finds no WCAG 2.1 A/AA violation on the home and search pages in %s (offer: offer-page.browser.test.ts)', async (lang) => {
    const { context, page } = await phone();
    for (const target of ['/', '/search?q=Deutschkurs']) {
      await page.goto(`${running.app.url}${target}${target.includes('?') ? '&' : '?'}lang=${lang}`);
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`), target).toEqual([]);
    }
    await context.close();
  });

  it('"Karte" on a phone brings the whole map onto the screen, under the list/map switch', async () => {
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/search?q=Deutschkurs&lang=ar`);
    await page.locator('button[data-show="map"]').click();
    await expect.poll(() => page.locator('#map .leaflet-marker-icon').count()).toBeGreaterThan(0);
    const view = await page.evaluate(() => {
      const map = document.getElementById('map')!.getBoundingClientRect();
      const toggle = document.querySelector('.view-toggle')!.getBoundingClientRect();
      return { mapTop: map.top, mapBottom: map.bottom, toggleTop: toggle.top };
    });
    expect(view.toggleTop).toBeGreaterThanOrEqual(0);
    expect(view.mapTop).toBeGreaterThan(view.toggleTop);
    expect(view.mapBottom).toBeLessThanOrEqual(780);
    expect(view.mapBottom - view.mapTop).toBeGreaterThan(600);
    await context.close();
  });
});
