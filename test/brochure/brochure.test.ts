import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { generateBrochurePdf } from '../../server/brochure/brochure-document.ts';
import { parseBrochureRequest } from '../../server/brochure/brochure-request.ts';
import { ValidationError } from '../../server/errors/app-errors.ts';
import { availableLocales, createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';

const tempDir = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-brochure-'));

/** The PDF's text as poppler extracts it, and its page count as poppler reads it. */
function readPdf(pdf: Buffer, name: string): { text: string; pages: number } {
  const file = path.join(tempDir, name);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { text, pages };
}

describe('the brochure "Wegweiser Integration"', () => {
  let services: TestServices;

  beforeAll(async () => {
    services = await createTestServices({ DEMO_DATA: 'true' });
  });
  afterAll(async () => {
    await services?.close();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it('German and Arabic for one town and topic: cover, contents, numbered offers, provider index, shaped Arabic text', async () => {
    const brochureRequest = parseBrochureRequest({ district: 'witten', lang: 'ar', topic: ['counselling'] }, { region: services.region, taxonomy: services.taxonomy, locales: availableLocales() });
    const result = await generateBrochurePdf({ ...services, i18n: await createI18n() }, brochureRequest);
    const { text, pages } = readPdf(result.pdf, 'witten-ar.pdf');
    expect(result.offers).toBeGreaterThan(3);
    expect(result.pages).toBe(pages);
    // Cover, contents, at least one page of offers, the provider index.
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(text).toContain('Wegweiser Integration in Witten');
    expect(text).toContain('Inhalt');
    // The contents list the topic with the numbers of its offers.
    expect(text).toContain('Beratung');
    expect(text).toContain(`1–${result.offers}`);
    expect(text).toContain('Träger von A bis Z');
    // Arabic comes out of the PDF as Arabic letters in reading order (not as presentation forms),
    // so Chromium shaped it with a real Arabic font. (Words with the lam-alef ligature are left
    // out: poppler writes that ligature back in visual order.)
    expect(text).toContain('المحتويات');
    expect(text).toContain('استشارة');
    expect(text).toContain('الجهات');
    expect(text).not.toMatch(/[\uFE70-\uFEFC]/);
    expect(text).toContain(`${result.offers} Angebote`);
  }, 180_000);

  it('an unknown town, language or topic is named and never becomes "everything"', () => {
    const deps = { region: services.region, taxonomy: services.taxonomy, locales: availableLocales() };
    try {
      parseBrochureRequest({ district: 'atlantis', lang: 'xx', topic: ['nothing'] }, deps);
      expect.unreachable('a bad request must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['district', 'lang', 'topic']);
    }
    expect(parseBrochureRequest({}, deps)).toEqual({ district: null, lang: 'de', topics: [] });
  });

  it('the back-office pages are for staff only', async () => {
    const app = createApp({ ...services, i18n: await createI18n() });
    for (const address of ['/admin/brochure', '/admin/brochure/print?district=witten', '/admin/brochure.pdf?district=witten']) {
      const response = await request(app).get(address);
      expect(response.status, address).not.toBe(200);
      expect(response.headers['content-type'] ?? '', address).not.toContain('application/pdf');
    }
  });
});
