/**
 * Before/after screenshots of the same pages on two running apps, at phone
 * size, composed side by side into one PNG per page and language. Used by
 * `scripts/screenshots.ts --compare`; the composition is itself a Chromium
 * screenshot of a tiny page holding both images.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { isLoopback } from '../test/support/browser.ts';

export interface CompareOptions {
  before: string;
  after: string;
  outDir: string;
  offerSlug: string;
  languages: string[];
  labels: { before: string; after: string };
  /** The whole page instead of the first screen. */
  fullPage: boolean;
  /** Only these pages (home, search-list, search-map, offer); all when empty. */
  only: string[];
}

interface Target {
  name: string;
  path: string;
  /** What to do after loading, before the picture (switching the phone view to the map). */
  prepare?: (page: Page) => Promise<void>;
}

const PHONE = { width: 360, height: 780 };

function targets(offerSlug: string): Target[] {
  return [
    { name: 'home', path: '/' },
    { name: 'search-list', path: '/search?q=Deutschkurs' },
    {
      name: 'search-map',
      path: '/search?q=Deutschkurs',
      prepare: async (page) => {
        await page.locator('button[data-show="map"]').click();
        // Markers fade in: wait until one is fully drawn (or give up after 15 s and show what is there).
        await page
          .waitForFunction(() => [...document.querySelectorAll('#map .leaflet-marker-icon')].some((marker) => getComputedStyle(marker).opacity === '1'), undefined, { timeout: 15_000 })
          .catch(() => undefined);
      },
    },
    { name: 'offer', path: `/offers/${offerSlug}` },
  ];
}

async function shoot(browser: Browser, base: string, target: Target, lang: string, fullPage: boolean): Promise<Buffer> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'de-DE' });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  const page = await context.newPage();
  const separator = target.path.includes('?') ? '&' : '?';
  await page.goto(`${base}${target.path}${separator}lang=${lang}`, { waitUntil: 'networkidle' });
  await target.prepare?.(page);
  const image = await page.screenshot({ fullPage });
  await context.close();
  return image;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Both pictures in one, each under its label, with a thin frame showing the screen's edge. */
async function compose(browser: Browser, before: Buffer, after: Buffer, caption: string, labels: CompareOptions['labels']): Promise<Buffer> {
  const context = await browser.newContext({ viewport: { width: PHONE.width * 2 + 60, height: 400 }, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  const figure = (label: string, image: Buffer) =>
    `<figure><figcaption>${escapeHtml(label)}</figcaption><img src="data:image/png;base64,${image.toString('base64')}"></figure>`;
  await page.setContent(`<!doctype html><html><head><style>
    body { margin: 0; padding: 10px; font: 14px sans-serif; background: #ddd; }
    h1 { font-size: 15px; margin: 0 0 8px; }
    main { display: flex; gap: 20px; align-items: flex-start; }
    figure { margin: 0; }
    figcaption { font-weight: bold; margin-block-end: 4px; }
    img { display: block; outline: 1px solid #555; }
  </style></head><body><h1>${escapeHtml(caption)}</h1><main>${figure(labels.before, before)}${figure(labels.after, after)}</main></body></html>`);
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  const composed = await page.screenshot({ fullPage: true });
  await context.close();
  return composed;
}

/** Writes one side-by-side PNG per page and language into `outDir` and returns their paths. */
export async function comparePages(browser: Browser, options: CompareOptions): Promise<string[]> {
  mkdirSync(options.outDir, { recursive: true });
  const written: string[] = [];
  for (const target of targets(options.offerSlug).filter((candidate) => options.only.length === 0 || options.only.includes(candidate.name))) {
    for (const lang of options.languages) {
      const before = await shoot(browser, options.before, target, lang, options.fullPage);
      const after = await shoot(browser, options.after, target, lang, options.fullPage);
      const caption = `${target.name} · ${lang} · ${PHONE.width}×${PHONE.height}${options.fullPage ? ' (whole page)' : ''}`;
      const file = path.join(options.outDir, `${target.name}-${lang}${options.fullPage ? '-full' : ''}.png`);
      writeFileSync(file, await compose(browser, before, after, caption, options.labels));
      written.push(file);
    }
  }
  return written;
}
