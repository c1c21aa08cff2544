import { Router } from 'express';
import type { Database } from '../db/db-connection.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import type { Region } from '../region/region-config.ts';
import { isOfferUnderReview } from '../reports/report-follow-up-service.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { openGraph } from '../web/open-graph.ts';
import { safeSearchPath, withLanguage } from '../web/page-links.ts';
import { viewContext } from '../web/view-context.ts';
import { findPublishedOffer } from './offer-service.ts';
import { searchOrigin } from './offer-place-links.ts';
import { toApiOffer, toOfferJsonLd, toOfferView } from './offer-view-mapper.ts';

export function createOfferRouter(deps: { db: Database; taxonomy: Taxonomy; region: Region; links: MailLinks }): Router {
  const router = Router();
  router.get('/offers/:slug', async (request, response) => {
    const offer = await findPublishedOffer(deps.db, request.params.slug);
    // The canonical address comes from configuration, never from the request's Host header.
    const pageUrl = deps.links.offer(offer.slug);
    const searchPath = safeSearchPath(request.query.from);
    const view = toOfferView(offer, viewContext(response, deps.taxonomy), searchOrigin(searchPath, deps.region));
    const lang = String(response.locals.lang);
    response.render('offer', {
      title: view.title,
      offer: view,
      jsonLd: toOfferJsonLd(offer, pageUrl, deps.region),
      pageUrl,
      underReview: await isOfferUnderReview(deps.db, offer.id),
      // Printed in the reader's language, so the printed address opens the page as it was read.
      printedUrl: withLanguage(pageUrl, lang),
      backUrl: withLanguage(searchPath ?? '/search', lang),
      og: openGraph({ title: view.title, description: view.summary, url: withLanguage(pageUrl, lang), lang, type: 'article' }),
      usesMap: offer.locations.length > 0,
      scripts: ['/static/js/offer.js'],
      styles: ['/static/css/offer-page.css'],
    });
  });
  router.get('/api/v1/offers/:idOrSlug', async (request, response) => {
    response.json(toApiOffer(await findPublishedOffer(deps.db, request.params.idOrSlug)));
  });
  return router;
}
