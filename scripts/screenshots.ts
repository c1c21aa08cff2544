/**
 * Takes Chromium screenshots of pages of a running app at desktop and phone
 * width into screenshots/ (git-ignored), for looking at what we built.
 *   npx tsx scripts/screenshots.ts http://127.0.0.1:3000 / /search?q=Kurs
 *   npx tsx scripts/screenshots.ts --viewport …   (desktop too only as far as the window shows)
 * Requests leaving the machine (map tiles) are blocked, as on a closed network.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, isLoopback } from '../test/support/browser.ts';

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
