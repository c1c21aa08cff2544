/**
 * Takes Chromium screenshots of pages of a running app at desktop and phone
 * width into screenshots/ (git-ignored), for looking at what we built.
 *   npx tsx scripts/screenshots.ts http://127.0.0.1:3000 / /search?q=Kurs
 *   npx tsx scripts/screenshots.ts --viewport …   (desktop too only as far as the window shows)
 *   npx tsx scripts/screenshots.ts --compare http://127.0.0.1:3391 http://127.0.0.1:3392 \
 *     [--out /tmp/compare] [--offer <slug>] [--langs de,ar,fa,uk] [--pages home,search-list,search-map,offer] [--full]
 *     (before/after at 360 × 780: home, search list, search map, offer; one side-by-side PNG each)
 * Requests leaving the machine (map tiles) are blocked, as on a closed network.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, isLoopback } from '../test/support/browser.ts';
import { comparePages } from './screenshot-compare.ts';

/** The value after a flag, or the fallback. */
function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

if (process.argv.includes('--compare')) {
  const [before, after] = process.argv.slice(process.argv.indexOf('--compare') + 1);
  if (!before || !after) throw new Error('--compare needs the before and the after address');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const files = await comparePages(browser, {
      before,
      after,
      outDir: path.resolve(option('--out', '/tmp/compare')),
      offerSlug: option('--offer', 'deutschkurs-a1-fuer-anfaengerinnen-und-anfaenger-breckerfeld'),
      languages: option('--langs', 'de,ar,fa,uk').split(','),
      labels: { before: option('--before-label', `before: ${before}`), after: option('--after-label', `after: ${after}`) },
      fullPage: process.argv.includes('--full'),
      only: option('--pages', '').split(',').filter(Boolean),
    });
    for (const file of files) console.log(file);
  } finally {
    await browser.close();
  }
  process.exit(0);
}

const viewportOnly = process.argv.includes('--viewport');
const [base = 'http://127.0.0.1:3000', ...paths] = process.argv.slice(2).filter((arg) => arg !== '--viewport');
const outDir = path.resolve(import.meta.dirname, '..', 'screenshots');
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const [name, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    const page = await context.newPage();
    for (const target of paths.length > 0 ? paths : ['/']) {
      await page.goto(base + target, { waitUntil: 'networkidle' });
      const file = path.join(outDir, `${name}-${target.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}.png`);
      await page.screenshot({ path: file, fullPage: name === 'desktop' && !viewportOnly });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
