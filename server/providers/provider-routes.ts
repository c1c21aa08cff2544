import { Router } from 'express';
import type { Database } from '../db/db-connection.ts';
import { placeAddressLine } from '../offers/offer-details-view.ts';
import { localisedOfferText } from '../offers/offer-view-mapper.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { offerPageLink } from '../web/page-links.ts';
import { viewContext } from '../web/view-context.ts';
import { findProviderPage } from './provider-service.ts';

export function createProviderRouter(deps: { db: Database; taxonomy: Taxonomy }): Router {
  const router = Router();
  router.get('/providers/:slug', async (request, response) => {
    const { provider, offers, locations } = await findProviderPage(deps.db, request.params.slug);
    const ctx = viewContext(response, deps.taxonomy);
    response.render('provider', {
      title: provider.name,
      provider: { ...provider, kind: deps.taxonomy.label('provider-kind', provider.kind, ctx.locale) },
      locations: locations.map((location) => ({ name: location.name, address: placeAddressLine(location, ctx.t), district: deps.taxonomy.label('district', location.district, ctx.locale) })),
      offers: offers.map((offer) => ({ url: offerPageLink(offer.slug, ctx.locale, null), ...localisedOfferText(offer, ctx.locale), district: offer.locations.map((l) => deps.taxonomy.label('district', l.district, ctx.locale)).join(', ') })),
    });
  });
  return router;
}
