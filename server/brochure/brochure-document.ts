import express from 'express';
import type { i18n } from 'i18next';
import type { AppConfig } from '../config/config.ts';
import type { Database } from '../db/db-connection.ts';
import { countPdfPages } from '../pdf/pdf-renderer.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { setUpViews } from '../web/view-engine.ts';
import { brochureLocals, renderBrochurePdf } from './brochure-routes.ts';
import type { BrochureRequest } from './brochure-request.ts';

export interface BrochureSources {
  config: AppConfig;
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  i18n: i18n;
}

/**
 * The brochure as a PDF outside a web request (command line, benchmark): the
 * same views and locals as /admin/brochure.pdf, rendered with German page texts.
 */
export async function generateBrochurePdf(sources: BrochureSources, request: BrochureRequest): Promise<{ pdf: Buffer; pages: number; offers: number }> {
  const views = express();
  setUpViews(views, sources.config.viewsDir);
  views.set('view cache', true);
  const baseUrl = sources.config.siteUrl;
  const locals = await brochureLocals(
    {
      db: sources.db,
      taxonomy: sources.taxonomy,
      region: sources.region,
      translatorFor: (locale) => sources.i18n.getFixedT(locale),
      directionOf: (locale) => sources.i18n.dir(locale),
      baseUrl,
    },
    request,
  );
  const html = await new Promise<string>((resolve, reject) =>
    views.render(
      'brochure',
      { ...locals, forPdf: true, t: sources.i18n.getFixedT('de'), lang: 'de', dir: 'ltr', region: sources.region },
      (error: Error | null, rendered: string) => (error ? reject(error) : resolve(rendered)),
    ),
  );
  const pdf = await renderBrochurePdf(html, { staticDir: sources.config.staticDir, chromiumPath: sources.config.pdf.chromiumPath });
  return { pdf, pages: countPdfPages(pdf), offers: locals.sections.reduce((sum, section) => sum + section.entries.length, 0) };
}
