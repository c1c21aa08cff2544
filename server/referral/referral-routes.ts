import { Router, type Request, type Response } from 'express';
import { renderPdf } from '../pdf/pdf-renderer.ts';
import { parseShortlistIds } from '../shortlist/shortlist-ids.ts';
import { clientLanguage } from '../shortlist/shortlist-page.ts';
import { siteBaseUrl } from '../shortlist/shortlist-routes.ts';
import { buildReferralSheet, type ReferralSheetDeps } from './referral-sheet-service.ts';

export interface ReferralDeps extends ReferralSheetDeps {
  publicUrl: string;
  staticDir: string;
  chromiumPath: string;
}

/** Renders a view to a string with the request's locals (language, region). */
export function renderToString(response: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => response.render(view, locals, (error: Error | null, html: string) => (error ? reject(error) : resolve(html))));
}

/** The sheet's offers (`?ids=`, else the visitor's own list) and the client's language (`?client=`). */
function sheetRequest(request: Request, response: Response) {
  const ids = request.query.ids !== undefined ? parseShortlistIds(request.query.ids) : (response.locals.shortlistIds as number[]);
  const client = clientLanguage(request.query.client, response.locals.locales as Array<{ code: string; name: string }>, response.locals.lang as string);
  return { ids, client };
}

export function createReferralRouter(deps: ReferralDeps): Router {
  const router = Router();
  const sheetLocals = async (request: Request, response: Response) => {
    const { ids, client } = sheetRequest(request, response);
    const sheet = await buildReferralSheet(deps, ids, client, siteBaseUrl(deps.publicUrl, request));
    const uiLang = response.locals.lang === 'de' ? '' : `&lang=${response.locals.lang}`;
    return {
      ...sheet,
      layout: 'print',
      title: response.locals.t('referral.title'),
      backUrl: `/shortlist?ids=${sheet.ids.join('.')}&client=${client}${uiLang}`,
      pdfUrl: `/shortlist/sheet.pdf?ids=${sheet.ids.join('.')}&client=${client}${uiLang}`,
    };
  };
  router.get('/shortlist/sheet', async (request, response) => {
    response.render('referral-sheet', { ...(await sheetLocals(request, response)), scripts: ['/static/js/referral-sheet.js'] });
  });
  // Made on the server from the ids and the language only: notes stay in the browser, so this PDF has none.
  router.get('/shortlist/sheet.pdf', async (request, response) => {
    const locals = await sheetLocals(request, response);
    const html = await renderToString(response, 'referral-sheet', { ...locals, forPdf: true });
    const pdf = await renderPdf(html, { chromiumPath: deps.chromiumPath, staticDir: deps.staticDir });
    response.type('application/pdf').setHeader('Content-Disposition', `attachment; filename="wegweiser-${locals.client}.pdf"`);
    response.send(pdf);
  });
  return router;
}
