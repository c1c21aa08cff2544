import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOffer } from '../../server/offers/offer-service.ts';
import { useAppInChromium } from '../support/browser-app.ts';
import { isLoopback } from '../support/browser.ts';
import { createProviderWithLocation, offerInput } from '../support/test-services.ts';

const running = useAppInChromium();
const SCREEN = { width: 360, height: 780 };

/** The note above the provider's untranslated words, in the reader's language. */
const IN_GERMAN: Record<string, string> = { ar: 'نص الجهة المقدّمة، باللغة الألمانية', uk: 'Текст організатора, німецькою мовою' };

/** A 360 × 780 phone; nothing leaves the machine. */
async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await running.browser.newContext({ viewport: SCREEN, locale: 'de-DE' });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  return { context, page: await context.newPage() };
}

/** Where the "when" block, the phone link and the provider's first paragraph are, measured from the top of the page. */
async function positions(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const rect = document.querySelector(selector)!.getBoundingClientRect();
      return { top: rect.top + window.scrollY, bottom: rect.bottom + window.scrollY };
    };
    return { when: box('#offer-when'), whenHeading: box('#when-heading'), call: box('.offer-actions a[href^="tel:"]'), prose: box('.prose-text p') };
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
}

describe('the offer page on a 360 × 780 phone: facts before the provider\'s words', () => {
  let course: string;
  let longTitled: string;

  beforeAll(async () => {
    const ids = await createProviderWithLocation(running.app.services.db, 'Internationaler Frauentreff Witten e.V.');
    const facts = {
      summary: 'Deutsch lernen in kleiner Gruppe, mit Kinderbetreuung im Nebenraum.',
      description: 'Wir lernen gemeinsam Deutsch für den Alltag.\n\nBitte melden Sie sich vorher bei Frau Yilmaz an.',
      categories: ['german-course'],
      targetGroups: ['women', 'parents'],
      languages: ['de', 'ar', 'uk'],
      cost: 'free' as const,
      ageMin: 18,
      schedule: [
        { weekday: 1, opensAt: '09:00', closesAt: '11:30' },
        { weekday: 3, opensAt: '09:00', closesAt: '11:30' },
        { weekday: 5, opensAt: '17:00', closesAt: '19:00', everyOtherWeek: true },
      ],
      scheduleNote: 'nicht in den Schulferien',
      startDate: '2027-02-01',
      nextStartDate: '2027-04-12',
      registrationRequired: true,
      registrationMethods: ['phone' as const, 'email' as const],
      registrationNote: 'Bitte melden Sie sich vorher bei Frau Yilmaz an.',
      bringAlong: 'Ausweis',
      contactName: 'Frau Ayşe Yilmaz',
      phone: '02302 123456',
      email: 'frauentreff@witten.example',
    };
    course = (await createOffer(running.app.services.offerDeps, offerInput(ids, { title: 'Deutschkurs für Frauen mit Kinderbetreuung', ...facts }))).slug;
    longTitled = (
      await createOffer(running.app.services.offerDeps, offerInput(ids, {
        title: 'Beratung und Begleitung für geflüchtete Familien bei Behördengängen, Anträgen, Wohnungssuche und Schulanmeldung',
        ...facts,
      }))
    ).slug;
  });

  it.each(['de', 'ar', 'uk'])('in %s the "when" block and the phone link come before the first paragraph, on the first screen', async (lang) => {
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/offers/${course}?lang=${lang}`);
    const at = await positions(page);
    expect(at.when.top).toBeLessThan(at.prose.top);
    expect(at.call.bottom).toBeLessThan(at.prose.top);
    // A title of two lines, as most are: the call button and the "when" heading show without scrolling.
    expect(at.call.bottom, lang).toBeLessThan(SCREEN.height);
    expect(at.whenHeading.bottom, lang).toBeLessThan(SCREEN.height);
    expect(await page.locator('.offer-actions a[href^="tel:"]').getAttribute('href')).toBe('tel:02302123456');
    expect(await page.locator('.offer-actions a[href^="mailto:"]').getAttribute('href')).toBe('mailto:frauentreff@witten.example');
    const prose = page.locator('.prose-text');
    if (lang === 'de') {
      expect(await prose.getAttribute('lang')).toBeNull();
      expect(await page.locator('.prose-language-note').count()).toBe(0);
    } else {
      expect(await prose.getAttribute('lang')).toBe('de');
      expect((await page.locator('.prose-language-note').innerText()).trim()).toBe(IN_GERMAN[lang]);
    }
    await context.close();
  });

  it.each(['de', 'ar', 'uk'])('in %s a title of five lines still leaves the call button and "when" within 1.3 screens', async (lang) => {
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/offers/${longTitled}?lang=${lang}`);
    const at = await positions(page);
    expect(at.when.top).toBeLessThan(at.prose.top);
    expect(at.call.bottom, lang).toBeLessThan(SCREEN.height);
    // Header, five lines of title and the actions take most of a screen; "when" starts just below it.
    expect(at.whenHeading.bottom, lang).toBeLessThan(SCREEN.height * 1.3);
    await context.close();
  });

  it('the schedule reads in the reader\'s language: shared times in one row, every other week and the next start said', async () => {
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/offers/${course}`);
    const rows = await page.locator('#offer-when tbody tr').allInnerTexts();
    expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual(['Montag und Mittwoch 09:00–11:30', 'Freitag 17:00–19:00 (alle 14 Tage)']);
    expect(await page.locator('#offer-when .course-dates').innerText()).toContain('Nächster Kursbeginn: 12. April 2027');
    expect(await page.locator('#offer-when .schedule-note span[lang="de"]').innerText()).toBe('nicht in den Schulferien');
    await page.goto(`${running.app.url}/offers/${course}?lang=ar`);
    expect((await page.locator('#offer-when tbody tr').first().innerText()).replace(/\s+/g, ' ')).toContain('الاثنين');
    await context.close();
  });

  it('opened from a search around a place, "where" says how far it is and links a route', async () => {
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/offers/${course}?from=${encodeURIComponent('/search?q=Deutsch&where=58452')}`);
    const place = page.locator('.fact-where .location').first();
    expect(await place.locator('.location-distance').innerText()).toMatch(/^\d+(,\d)? km von 58452 Witten$/);
    // The place's pin is at its address: the route goes to the pin.
    expect(await place.locator('.route-link').getAttribute('href')).toBe('https://www.openstreetmap.org/directions?route=%3B51.4437%2C7.3528');
    await context.close();
  });

  it.each(['de', 'ar'])('axe-core finds no WCAG 2.1 A/AA violation on the offer page in %s', async (lang) => {
    const { context, page } = await phone();
    await page.goto(`${running.app.url}/offers/${course}?lang=${lang}`);
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
