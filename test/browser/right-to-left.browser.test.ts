import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppInChromium } from '../support/browser-app.ts';
import { isLoopback } from '../support/browser.ts';

const running = useAppInChromium();
/** Screenshots for people to look at, outside the work tree. */
const SHOTS = path.join(os.tmpdir(), 'wegweiser-screenshots');
mkdirSync(SHOTS, { recursive: true });

/** A phone whose browser asks for the language; nothing leaves the machine. */
async function phone(locale: string): Promise<Page> {
  const context = await running.browser.newContext({ viewport: { width: 390, height: 844 }, locale, hasTouch: true, isMobile: true });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  return context.newPage();
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.getElementById('search-form')?.hasAttribute('aria-busy'));
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const CASES = [
  { lang: 'ar', browserLocale: 'ar-SY', search: 'ابحث', town: 'Witten', heading: /خدمة|خدمات|خدمتين/ },
  { lang: 'fa', browserLocale: 'fa-IR', search: 'جستجو', town: 'Witten', heading: /برنامه/ },
] as const;

describe.each(CASES)('the site in $lang on a phone', ({ lang, browserLocale, town, heading }) => {
  it('is right to left: search, filter in the drawer, open an offer, come back; the language stays in the address', async () => {
    const page = await phone(browserLocale);
    await page.goto(`${running.app.url}/`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lang, 'rtl']);
    await expect.poll(() => page.url()).toContain(`lang=${lang}`);

    const box = page.locator('#home-q');
    await box.fill('Deutsch');
    await box.press('Enter');
    await page.waitForURL(/\/search\?/);
    expect(page.url()).toContain(`lang=${lang}`);
    await expect.poll(async () => (await page.locator('#result-count').textContent()) ?? '').toMatch(heading);

    // The drawer opens from the inline start, which is the right edge in a right-to-left page.
    await page.locator('#open-filters').click();
    const drawer = page.locator('#filters');
    await expect.poll(() => drawer.isVisible()).toBe(true);
    const drawerBox = (await drawer.boundingBox())!;
    expect(drawerBox.x + drawerBox.width).toBeGreaterThan(385);
    await drawer.getByLabel(new RegExp(`^${town}`)).check();
    await page.waitForURL(/district=witten/);
    await settled(page);
    expect(page.url()).toContain(`lang=${lang}`);
    await page.keyboard.press('Escape');

    const chip = page.locator('.chips li').first();
    await expect.poll(() => chip.isVisible()).toBe(true);
    const firstCard = page.locator('.result-card').first();
    const cardBox = (await firstCard.boundingBox())!;
    const titleBox = (await firstCard.locator('h2').boundingBox())!;
    // Text starts at the right edge of the card.
    expect(titleBox.x + titleBox.width).toBeGreaterThan(cardBox.x + cardBox.width - 40);

    const firstTitle = (await firstCard.locator('h2 a').textContent())!.trim();
    await firstCard.locator('h2 a').click();
    await page.waitForURL(/\/offers\//);
    expect(await page.locator('h1').textContent()).toContain(firstTitle);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `test-${lang}-phone-offer.png`) });
    const providerLink = await page.locator('a[href^="/providers/"]').first().getAttribute('href');
    expect(providerLink).toMatch(/^\/providers\//);
    await page.goto(`${running.app.url}${providerLink}`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await axeViolations(page)).toEqual([]);
    await page.goBack();
    await page.waitForURL(/\/offers\//);
    await page.goBack();
    await page.waitForURL(/district=witten/);
    expect(page.url()).toContain(`lang=${lang}`);
    expect(await page.locator('#filters input[value="witten"]').isChecked()).toBe(true);
    await page.context().close();
  });

  it('axe-core finds no WCAG 2.1 A/AA violation on the home and search pages', async () => {
    const page = await phone(browserLocale);
    for (const target of ['/', '/search?q=Kurs&district=witten']) {
      await page.goto(`${running.app.url}${target}${target.includes('?') ? '&' : '?'}lang=${lang}`);
      expect(await axeViolations(page), target).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `test-${lang}-phone${target === '/' ? '-home' : '-search'}.png`) });
    }
    await page.context().close();
  });
});
