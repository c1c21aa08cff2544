import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { BusyError } from '../errors/app-errors.ts';

/** A made-up origin the page is loaded from; nothing under it ever goes to a network. */
const DOCUMENT_ORIGIN = 'http://wegweiser.pdf';
const CONTENT_TYPES: Record<string, string> = { '.css': 'text/css', '.svg': 'image/svg+xml', '.js': 'text/javascript', '.png': 'image/png' };

export interface PdfOptions {
  chromiumPath: string;
  /** The app's static folder: the page's stylesheets come from here. */
  staticDir: string;
  /** Page numbers in the footer (the brochure), or none (the one-page sheet). */
  pageNumbers?: boolean;
}

async function serveStatic(staticDir: string, url: URL): Promise<{ body: Buffer; contentType: string } | null> {
  const relative = decodeURIComponent(url.pathname.replace(/^\/static\//, ''));
  const file = path.resolve(staticDir, relative);
  if (!file.startsWith(path.resolve(staticDir) + path.sep)) return null;
  try {
    return { body: await readFile(file), contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

/**
 * Prints server-rendered HTML to an A4 PDF with Chromium's `page.pdf()`.
 * Chromium shapes Arabic and Farsi and lays them out right to left with the
 * system fonts. The page sees only its own HTML and the app's static files;
 * every other request is refused, so a PDF never waits on the internet.
 */
export async function renderPdf(html: string, options: PdfOptions): Promise<Buffer> {
  return inPdfSlot(() => printWithChromium(html, options));
}

/** Each PDF starts its own Chromium; two at a time keep a small server responsive, and a short queue keeps requests from piling up. */
const MAX_PARALLEL = 2;
const MAX_WAITING = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function inPdfSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL && waiting.length >= MAX_WAITING) throw new BusyError();
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

async function printWithChromium(html: string, options: PdfOptions): Promise<Buffer> {
  const browser: Browser = await chromium.launch({
    executablePath: options.chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== DOCUMENT_ORIGIN) return route.abort();
      if (url.pathname === '/document') return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
      const file = url.pathname.startsWith('/static/') ? await serveStatic(options.staticDir, url) : null;
      return file ? route.fulfill(file) : route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${DOCUMENT_ORIGIN}/document`, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: options.pageNumbers === true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#444"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      margin: options.pageNumbers ? { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' } : undefined,
    });
  } finally {
    await browser.close();
  }
}

/** The number of pages of a PDF that Chromium wrote (its page tree states the count). */
export function countPdfPages(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  return text.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
}
