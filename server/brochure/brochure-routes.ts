import { Router, type Request, type Response } from 'express';
import { renderPdf } from '../pdf/pdf-renderer.ts';
import { renderToString } from '../referral/referral-routes.ts';
import type { Region } from '../region/region-config.ts';
import { siteBaseUrl } from '../shortlist/shortlist-routes.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { BrochureDeps } from './brochure-service.ts';
import { buildBrochure } from './brochure-service.ts';
import { parseBrochureRequest, type BrochureRequest } from './brochure-request.ts';

type Deps = Omit<BrochureDeps, 'baseUrl'> & { publicUrl: string; staticDir: string; chromiumPath: string; locales: string[] };

/** The address of a brochure (print page or PDF) for a request. */
function brochureQuery(request: BrochureRequest): string {
  const params = new URLSearchParams({ district: request.district ?? 'all', lang: request.lang });
  for (const topic of request.topics) params.append('topic', topic);
  return params.toString();
}

/** Locals of the brochure page; the PDF renders the same page without its toolbar. */
export async function brochureLocals(deps: BrochureDeps, request: BrochureRequest) {
  return { ...(await buildBrochure(deps, request)), layout: 'print', pdfUrl: `/admin/brochure.pdf?${brochureQuery(request)}` };
}

/** The brochure as a PDF: A4 with page numbers in the footer. */
export async function renderBrochurePdf(html: string, options: { staticDir: string; chromiumPath: string }): Promise<Buffer> {
  return renderPdf(html, { ...options, pageNumbers: true });
}

export function createBrochureRouter(deps: Deps): Router {
  const router = Router();
  const brochureDeps = (request: Request): BrochureDeps => ({ ...deps, baseUrl: siteBaseUrl(deps.publicUrl, request) });
  const parse = (request: Request) => parseBrochureRequest(request.query, { region: deps.region, taxonomy: deps.taxonomy, locales: deps.locales });
  router.get('/admin/brochure', (_request, response) => response.render('admin/brochure', { title: response.locals.t('brochure.adminTitle'), form: brochureForm(deps, response) }));
  router.get('/admin/brochure/print', async (request, response) => {
    response.render('brochure', { ...(await brochureLocals(brochureDeps(request), parse(request))), title: response.locals.t('brochure.adminTitle'), scripts: ['/static/js/referral-sheet.js'] });
  });
  router.get('/admin/brochure.pdf', async (request, response) => {
    const brochureRequest = parse(request);
    const html = await renderToString(response, 'brochure', { ...(await brochureLocals(brochureDeps(request), brochureRequest)), forPdf: true });
    const pdf = await renderBrochurePdf(html, deps);
    response.type('application/pdf').setHeader('Content-Disposition', `attachment; filename="wegweiser-${brochureRequest.district ?? 'region'}-${brochureRequest.lang}.pdf"`);
    response.send(pdf);
  });
  return router;
}

/** Choices of the back-office form: towns, languages and topics. */
function brochureForm(deps: { region: Region; taxonomy: Taxonomy; locales: string[] }, response: Response) {
  const t = response.locals.t;
  return {
    districts: deps.region.districts.map((district) => ({ slug: district.slug, name: district.name })),
    languages: response.locals.locales.filter((locale) => locale.code !== 'de'),
    topics: deps.taxonomy.topCategories().map((term) => ({ slug: term.slug, label: deps.taxonomy.label('category', term.slug, String(response.locals.lang)) })),
    germanOnly: t('brochure.germanOnly'),
  };
}
