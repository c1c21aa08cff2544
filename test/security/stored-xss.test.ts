import request from 'supertest';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { isLoopback, launchBrowser } from '../support/browser.ts';
import { startTestApp, type RunningApp } from '../support/test-app-server.ts';
import { offerInput } from '../support/test-services.ts';
import { formToken } from '../support/web-session.ts';

/** One payload per way markup gets in: a tag, an attribute break-out, a script-block break-out. */
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>"><svg onload=alert(2)></script>`;

function expectInert(html: string, where: string): void {
  expect(html, where).not.toContain('<script>alert');
  expect(html, where).not.toMatch(/<img[^>]*onerror/i);
  expect(html, where).not.toMatch(/<svg[^>]*onload/i);
  expect(html, where).not.toMatch(/href="\s*javascript:/i);
  // JSON-LD must not be closed early by a "</script>" inside a value.
  for (const block of html.match(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g) ?? []) {
    expect(JSON.parse(block.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, '')), where).toBeTruthy();
  }
}

describe('stored markup in every text field stays inert on every page', () => {
  let app: RunningApp;
  let browser: Browser;
  let slug: string;
  let providerSlug: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ DEMO_DATA: 'false', ACCOUNT_RATE_LIMIT: '1000' }), launchBrowser()]);
    const { db } = app.services;
    const now = new Date().toISOString();
    providerSlug = 'boeser-traeger';
    const providerId = await insertProvider(db, { slug: providerSlug, name: `Träger ${HOSTILE}`, description: `Beschreibung ${HOSTILE}`, kind: 'club', website: 'https://example.org' }, now);
    const locationId = await insertLocation(db, providerId, { name: `Ort ${HOSTILE}`, street: `Straße ${HOSTILE} 1`, postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.44, longitude: 7.35, stepFree: false }, now);
    const offer = await createOffer(app.services.offerDeps, {
      providerId,
      title: `Kurs ${HOSTILE}`,
      summary: `Kurz ${HOSTILE}`,
      description: `Text ${HOSTILE}\n\n[Klick](javascript:alert(3)) und <a href="javascript:alert(4)">Link</a>`,
      cost: 'paid',
      costNote: `Kosten ${HOSTILE}`,
      format: 'in-person',
      contactName: `Frau ${HOSTILE}`,
      phone: '02302 123',
      categories: ['german-course'],
      targetGroups: ['adults'],
      languages: ['de', 'ar'],
      schedule: [{ weekday: 1, opensAt: '09:00', closesAt: '11:00' }],
      translations: [{ locale: 'en', title: `Course ${HOSTILE}`, summary: `Short ${HOSTILE}`, description: `Text ${HOSTILE}` }],
      locationIds: [locationId],
      status: 'published',
    });
    slug = offer.slug;
    await app.services.worker.drain();
    const id = await createStaffAccount(app.services, { email: 'anbieter@example.org', password: 'ein sicheres passwort', displayName: `Name ${HOSTILE}`, role: 'provider' });
    await db('users').where({ id }).update({ provider_id: providerId });
    await createStaffAccount(app.services, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Redaktion', role: 'editor' });
    await createOffer(app.services.offerDeps, offerInput({ providerId, locationId }, { title: `Wartet ${HOSTILE}`, status: 'pending' }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('public pages and the JSON API carry the text, escaped', async () => {
    for (const path of [`/offers/${slug}`, `/offers/${slug}?lang=en`, `/providers/${providerSlug}`, '/search?q=Kurs', '/search?q=Course&lang=en', `/offers/${slug}/report`]) {
      const response = await request(app.url).get(path).expect(200);
      expectInert(response.text, path);
    }
    const offerPage = await request(app.url).get(`/offers/${slug}`);
    expect(offerPage.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const api = await request(app.url).get('/api/v1/search?q=Kurs').expect(200);
    expect(api.headers['content-type']).toContain('application/json');
    expect(api.body.hits[0].title).toBe(`Kurs ${HOSTILE}`);
  });

  it('signed-in pages (provider area, staff queue and review) escape it too', async () => {
    for (const [email, paths] of [
      ['anbieter@example.org', ['/account']],
      ['redaktion@ki.example', ['/admin/moderation', '/admin/providers']],
    ] as const) {
      const agent = request.agent(app.url);
      const csrf = await formToken(agent, '/account/login');
      await agent.post('/account/login').type('form').send({ _csrf: csrf, email, password: 'ein sicheres passwort' }).expect(303);
      for (const path of paths) expectInert((await agent.get(path).expect(200)).text, path);
      if (email === 'redaktion@ki.example') {
        const pending = await app.services.db('offers').where({ status: 'pending' }).first('id');
        expectInert((await agent.get(`/admin/moderation/offers/${pending.id}`).expect(200)).text, 'review');
      }
    }
  });

  it('in Chromium no script runs on the offer, provider and search pages, and the map popup shows text', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    for (const path of [`/offers/${slug}`, `/providers/${providerSlug}`, '/search?q=Kurs']) {
      await page.goto(`${app.url}${path}`);
      await page.waitForLoadState('networkidle');
    }
    await page.locator('.leaflet-marker-icon').first().click();
    await expect.poll(() => page.locator('.leaflet-popup-content').textContent()).toContain('<script>');
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
