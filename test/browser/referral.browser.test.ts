import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useAppInChromium } from '../support/browser-app.ts';
import { isLoopback } from '../support/browser.ts';

const running = useAppInChromium();
// Whole flows with a PDF from Chromium: longer than the default minute on a busy machine.
const tempDir = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-referral-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const OFFER_NOTE = 'Termin bei Frau K. am Dienstag';
const SHEET_NOTE = 'Bitte Pass mitbringen';

/** Every request the browser sends, with its headers and body, to check what leaves the page. */
async function recordingContext(options: { width: number; height: number; locale: string }): Promise<{ context: BrowserContext; page: Page; sent: () => Promise<string[]> }> {
  const context = await running.browser.newContext({ viewport: { width: options.width, height: options.height }, locale: options.locale });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  const pending: Array<Promise<string>> = [];
  context.on('request', (request) => {
    pending.push(request.allHeaders().then((headers) => [request.url(), JSON.stringify(headers), request.postData() ?? ''].join('\n')));
  });
  return { context, page: await context.newPage(), sent: () => Promise.all(pending) };
}

const shownIds = (page: Page) => page.locator('#shortlist-items [data-offer-id]').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.offerId));

describe('a social worker refers a client: collect, annotate, print, PDF, send to the phone', () => {
  it('the whole flow, and no request ever carries the notes', async () => {
    const { context, page, sent } = await recordingContext({ width: 1280, height: 900, locale: 'de-DE' });
    await page.goto(`${running.app.url}/search?q=Beratung`);
    const buttons = page.locator('.result-card .merken-button');
    for (const index of [0, 1, 2]) {
      await buttons.nth(index).click();
      await expect.poll(() => buttons.nth(index).getAttribute('aria-pressed')).toBe('true');
    }
    await expect.poll(() => page.locator('[data-shortlist-count]').textContent()).toBe('3');
    expect(await page.locator('#shortlist-status').textContent()).toBe('Zur Merkliste hinzugefügt.');
    const savedIds = await page.locator('.result-card').evaluateAll((cards) => cards.slice(0, 3).map((card) => (card as HTMLElement).dataset.offerId));

    // Reorder with the keyboard, annotate.
    await page.getByRole('link', { name: /Merkliste/ }).click();
    await page.waitForURL(/\/shortlist/);
    expect(await shownIds(page)).toEqual(savedIds);
    await page.locator(`[data-offer-id="${savedIds[0]}"] [data-move="down"]`).focus();
    await page.keyboard.press('Enter');
    const reordered = [savedIds[1], savedIds[0], savedIds[2]];
    await expect.poll(() => shownIds(page)).toEqual(reordered);
    await page.locator(`#note-${savedIds[0]}`).fill(OFFER_NOTE);
    await page.locator('#sheet-note').fill(SHEET_NOTE);
    await page.reload();
    expect(await shownIds(page)).toEqual(reordered);
    expect(await page.locator(`#note-${savedIds[0]}`).inputValue()).toBe(OFFER_NOTE);

    // The client reads Arabic.
    await page.locator('#client').selectOption('ar');
    await expect.poll(() => page.locator('[data-share-link]').inputValue()).toMatch(new RegExp(`/shortlist\\?ids=${reordered.join('\\.')}&lang=ar$`));
    expect(await page.locator('[data-qr]').getAttribute('src')).toBe(`/shortlist/qr.svg?ids=${reordered.join('.')}&lang=ar`);
    expect(decodeURIComponent((await page.locator('[data-share="whatsapp"]').getAttribute('href')) ?? '')).toContain(`ids=${reordered.join('.')}&lang=ar`);
    const shareLink = await page.locator('[data-share-link]').inputValue();
    const pdfHref = (await page.locator('[data-pdf-link]').getAttribute('href'))!;

    // The sheet: German and Arabic side by side, the notes printed from this browser.
    await page.locator('[data-sheet-link]').click();
    await page.waitForURL(/\/shortlist\/sheet\?/);
    expect(await page.locator('.sheet-offer').evaluateAll((offers) => offers.map((offer) => (offer as HTMLElement).dataset.offerId))).toEqual(reordered);
    expect(await page.locator('.sheet-offer .sheet-column[lang="de"]').count()).toBe(3);
    expect(await page.locator('.sheet-offer .sheet-column[lang="ar"][dir="rtl"]').count()).toBe(3);
    expect(await page.locator(`[data-print-note-for="${savedIds[0]}"] [data-note-text]`).textContent()).toBe(OFFER_NOTE);
    expect(await page.locator('[data-sheet-note-print] [data-note-text]').textContent()).toBe(SHEET_NOTE);
    expect(await page.locator('.sheet-offer svg.qr-code').count()).toBe(3);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-toolbar').isVisible()).toBe(false);
    expect(await page.locator('[data-sheet-note-print]').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(tempDir, 'sheet-print.png'), fullPage: true });

    // The PDF comes from the server without notes; Arabic is there as shaped text.
    const pdf = await page.request.get(`${running.app.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const file = path.join(tempDir, 'sheet.pdf');
    writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Angebote für Sie');
    expect(text).toContain('خدمات من أجلك');
    expect(text).not.toContain(SHEET_NOTE);

    // The QR code's link opens the same list, in Arabic, on the client's phone.
    const phone = await running.browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'de-DE', isMobile: true, hasTouch: true });
    await phone.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    const clientPage = await phone.newPage();
    await clientPage.goto(shareLink.replace(/^https?:\/\/[^/]+/, running.app.url));
    expect(await clientPage.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await shownIds(clientPage)).toEqual(reordered);
    expect(await clientPage.locator(`#note-${savedIds[0]}`).inputValue()).toBe('');
    await phone.close();

    const requests = await sent();
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((request) => request.includes(OFFER_NOTE) || request.includes(SHEET_NOTE) || request.includes(encodeURIComponent(SHEET_NOTE)))).toEqual([]);
    await context.close();
  }, 240_000);

  it('removing an offer on the shortlist page updates the count and the links at once', async () => {
    const { context, page } = await recordingContext({ width: 390, height: 844, locale: 'de-DE' });
    await page.goto(`${running.app.url}/search?q=Deutschkurs`);
    const buttons = page.locator('.result-card .merken-button');
    await buttons.nth(0).click();
    await buttons.nth(1).click();
    await expect.poll(() => page.locator('[data-shortlist-count]').first().textContent()).toBe('2');
    const [first, second] = await page.locator('.result-card').evaluateAll((cards) => cards.slice(0, 2).map((card) => (card as HTMLElement).dataset.offerId));
    await page.goto(`${running.app.url}/shortlist`);
    await page.locator(`[data-offer-id="${first}"] [data-remove]`).click();
    await expect.poll(() => shownIds(page)).toEqual([second]);
    expect(await page.locator('[data-shortlist-count]').first().textContent()).toBe('1');
    expect(await page.locator('[data-sheet-link]').getAttribute('href')).toContain(`ids=${second}&`);
    await page.screenshot({ path: path.join(tempDir, 'shortlist-phone.png'), fullPage: true });
    await page.reload();
    expect(await shownIds(page)).toEqual([second]);
    await context.close();
  }, 120_000);
});
