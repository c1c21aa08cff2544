import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStorage } from '../../server/bootstrap.ts';
import { generateBrochurePdf } from '../../server/brochure/brochure-document.ts';
import { loadConfig } from '../../server/config/config.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';

/**
 * The whole region's brochure on the demo data, German alone and German with
 * Arabic: prints the time (reading SQLite, QR codes, rendering, Chromium's PDF)
 * and the page count. Nothing is asserted.
 */
export async function benchBrochure(log: (line: string) => void): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-bench-brochure-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, DEMO_DATA: 'true', LOG_LEVEL: 'silent' });
    const { db, taxonomy, region } = await openStorage(config, createSilentLogger(), () => new Date());
    const i18n = await createI18n();
    try {
      for (const lang of ['de', 'ar']) {
        const started = performance.now();
        const result = await generateBrochurePdf({ config, db, taxonomy, region, i18n }, { district: null, lang, topics: [] });
        const seconds = (performance.now() - started) / 1000;
        log(`  whole region, ${lang === 'de' ? 'German' : `German + ${lang}`}: ${result.offers} offers, ${result.pages} pages, ${(result.pdf.length / 1024).toFixed(0)} KB, ${seconds.toFixed(1)} s (load average ${os.loadavg()[0]!.toFixed(1)})`);
      }
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
