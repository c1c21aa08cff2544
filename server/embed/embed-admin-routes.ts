import { Router } from 'express';
import { viewContext } from '../web/view-context.ts';
import { buildEmbedBuilder, type EmbedBuilderDeps } from './embed-builder.ts';

/**
 * `/admin/embed`: staff build the snippet for a partner site from a pasted
 * search address or from filters, with a live preview. A plain GET form, so it
 * works without JavaScript; the /admin guard (editors) is applied in app.ts.
 */
export function createEmbedAdminRouter(deps: Omit<EmbedBuilderDeps, 'locales'>): Router {
  const router = Router();
  router.get('/admin/embed', (request, response) => {
    const ctx = viewContext(response, deps.taxonomy);
    const built = buildEmbedBuilder({ ...deps, locales: response.locals.locales }, request.query, ctx);
    if ('redirect' in built) return response.redirect(303, built.redirect);
    response.render('admin/embed', { title: ctx.t('embed.adminTitle'), ...built.page, scripts: ['/static/js/embed.js', '/static/js/embed-admin.js'] });
  });
  return router;
}
