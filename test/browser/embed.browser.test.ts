import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedFrameTitle } from '../../server/embed/embed-service.ts';
import { buildEmbedSnippet, EMBED_FALLBACK_HEIGHT } from '../../server/embed/embed-snippet.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { isLoopback, launchBrowser } from '../support/browser.ts';
import { startTestApp, type RunningApp } from '../support/test-app-server.ts';
import { createProviderWithLocation, offerInput } from '../support/test-services.ts';

/** Offers of this test only: the word "Kastanienhof" is in no demo offer. */
const TITLES = ['Kastanienhof Hausaufgabenhilfe', 'Kastanienhof Lerncafé', 'Kastanienhof Nachhilfe Mathe'];

/**
 * A partner's page (a school's site) on another origin: the snippet exactly as
 * the back office builds it; a frame of the partner's own that can send
 * messages, and a second Wegweiser list that embed.js was not asked to size
 * (to check that their messages are ignored).
 */
function partnerPage(snippet: string, appUrl: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Grundschule am Park</title>
<style>body{font-family:serif;max-width:760px;margin:0 auto;padding:1rem;background:#fffbe8}</style></head>
<body><h1>Grundschule am Park</h1><p>Hilfe bei den Hausaufgaben in unserer Stadt:</p>
${snippet}
<iframe id="other" src="/other" title="Andere Seite" width="200" height="60"></iframe>
<iframe id="unrelated" src="${appUrl}/embed/list?q=Kastanienhof&amp;limit=1" title="Noch eine Liste" width="300" height="500"></iframe>
</body></html>`;
}

async function startPartner(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(request.url === '/other' ? '<!doctype html><p>Werbung</p>' : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  // "localhost" and "127.0.0.1" are different sites: the list is a third-party frame, as on a real partner site.
  return { url: `http://localhost:${typeof address === 'object' && address ? address.port : 0}`, server };
}

const frameHeight = (page: Page) => page.locator('iframe[data-wegweiser-embed]').evaluate((frame) => frame.getBoundingClientRect().height);
const contentHeight = (frame: Frame) => frame.evaluate(() => Math.ceil(document.querySelector('[data-embed-content]')!.getBoundingClientRect().height));

describe('a partner site embeds a Wegweiser list', () => {
  let app: RunningApp;
  let browser: Browser;
  let partner: { url: string; server: Server };
  const slugs: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({}, { ownPublicUrl: true }), launchBrowser()]);
    const place = await createProviderWithLocation(app.services.db, 'Förderverein Kastanienhof e.V.');
    for (const title of TITLES) slugs.push((await createOffer(app.services.offerDeps, offerInput(place, { title, categories: ['homework-help'] }))).slug);
    await app.services.worker.drain();
    const t = (await createI18n()).getFixedT('de');
    const snippet = buildEmbedSnippet(app.url, { search: new URLSearchParams({ q: 'Kastanienhof', sort: 'title' }), lang: 'de', limit: 10 }, embedFrameTitle({ t }, app.services.region.name));
    partner = await startPartner(partnerPage(snippet, app.url));
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (partner ? partner.server.close(() => resolve()) : resolve()));
    await app?.close();
  });

  async function openPartner(width: number): Promise<{ context: BrowserContext; page: Page; frame: Frame }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'de-DE' });
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(partner.url);
    await expect.poll(() => page.locator('iframe[data-wegweiser-embed]').getAttribute('data-wegweiser-sized')).toBe('');
    const frame = page.frames().find((candidate) => candidate.url().startsWith(`${app.url}/embed/list`));
    if (!frame) throw new Error('the list frame did not load');
    return { context, page, frame };
  }

  it('sizes the frame to the list, lists the offers, opens them in a new tab, and sets no cookie', async () => {
    const { context, page, frame } = await openPartner(1280);
    const listHeight = await contentHeight(frame);
    expect(listHeight).not.toBe(EMBED_FALLBACK_HEIGHT);
    await expect.poll(() => frameHeight(page)).toBe(listHeight);

    expect(await frame.locator('.embed-title').allTextContents()).toEqual(TITLES);
    const links = frame.locator('.embed-more a');
    expect(await links.evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]))).toEqual(
      slugs.map((slug) => [`${app.url}/offers/${slug}?lang=de`, '_blank', 'noopener']),
    );
    // Nothing was stored for the Wegweiser (nor anyone else) by showing the list.
    expect(await context.cookies()).toEqual([]);

    const [offerPage] = await Promise.all([context.waitForEvent('page'), links.first().click()]);
    await offerPage.waitForLoadState('domcontentloaded');
    expect(offerPage.url()).toBe(`${app.url}/offers/${slugs[0]}?lang=de`);
    expect(await offerPage.locator('h1').textContent()).toContain(TITLES[0]);
    expect(page.url()).toBe(`${partner.url}/`);
    await context.close();
  });

  it('follows the list when the partner page changes width (phone to desktop)', async () => {
    const { context, page, frame } = await openPartner(360);
    const listHeight = await contentHeight(frame);
    await expect.poll(() => frameHeight(page)).toBe(listHeight);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => contentHeight(frame)).toBeLessThan(listHeight);
    await expect.poll(async () => (await frameHeight(page)) === (await contentHeight(frame))).toBe(true);
    await context.close();
  });

  it('ignores a height sent by another origin, from the page itself or from another frame', async () => {
    const { context, page } = await openPartner(1280);
    const sized = await frameHeight(page);
    // The test listens after embed.js (registered first), so when it hears the message embed.js has handled it.
    const heard = (height: number) =>
      page.evaluate((expected) => new Promise<void>((resolve) => window.addEventListener('message', (event) => event.data?.height === expected && resolve())), height);
    const fromPage = heard(77);
    await page.evaluate(() => window.postMessage({ type: 'wegweiser:embed-height', height: 77 }, '*'));
    await fromPage;
    const other = page.frames().find((candidate) => candidate.url() === `${partner.url}/other`)!;
    const fromFrame = heard(88);
    await other.evaluate(() => window.parent.postMessage({ type: 'wegweiser:embed-height', height: 88 }, '*'));
    await fromFrame;
    expect(await frameHeight(page)).toBe(sized);
    // A Wegweiser list that is not marked for sizing reports its own (different) height: not for this frame.
    const unrelatedHeight = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const unrelated = document.getElementById('unrelated') as HTMLIFrameElement;
          window.addEventListener('message', (event) => event.source === unrelated.contentWindow && resolve(event.data.height));
          unrelated.contentWindow!.postMessage({ type: 'wegweiser:embed-hello' }, '*');
        }),
    );
    expect(unrelatedHeight).not.toBe(sized);
    expect(await frameHeight(page)).toBe(sized);
    await context.close();
  });
});
