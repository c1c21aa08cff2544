import type { Database } from '../db/db-connection.ts';
import { createIdMaker } from '../hsds/hsds-ids.ts';
import type { Region } from '../region/region-config.ts';

export interface ApiEndpointView {
  path: string;
  purpose: string;
  example: string;
}

/** Example records for the API page: the first published offer of a verified provider, if any. */
async function exampleOffer(db: Database): Promise<{ id: number; slug: string } | undefined> {
  return db('offers')
    .join('providers', 'providers.id', 'offers.provider_id')
    .where({ 'offers.status': 'published', 'providers.verified': true })
    .orderBy('offers.id')
    .first('offers.id as id', 'offers.slug as slug');
}

/**
 * The endpoints the API page lists, each with a working example address.
 * Purposes are translation keys; the route turns them into text.
 */
export async function listApiEndpoints(db: Database, region: Region): Promise<{ v1: ApiEndpointView[]; hsds: ApiEndpointView[] }> {
  const offer = await exampleOffer(db);
  const ids = createIdMaker(region.slug);
  const postcode = region.districts[0]?.postcodes[0]?.code ?? '';
  return {
    v1: [
      { path: '/api/v1/search', purpose: 'apiDocs.ep.search', example: '/api/v1/search?q=Deutschkurs&cost=free' },
      { path: '/api/v1/map', purpose: 'apiDocs.ep.map', example: '/api/v1/map?category=language' },
      { path: '/api/v1/offers/{idOrSlug}', purpose: 'apiDocs.ep.offer', example: `/api/v1/offers/${offer?.slug ?? '1'}` },
      { path: '/api/v1/openapi.json', purpose: 'apiDocs.ep.openapi', example: '/api/v1/openapi.json' },
    ],
    hsds: [
      { path: '/api/hsds/', purpose: 'apiDocs.ep.hsdsRoot', example: '/api/hsds/' },
      { path: '/api/hsds/services', purpose: 'apiDocs.ep.services', example: '/api/hsds/services?per_page=10' },
      { path: '/api/hsds/services/{id}', purpose: 'apiDocs.ep.service', example: `/api/hsds/services/${ids.record('service', offer?.id ?? 1)}` },
      { path: '/api/hsds/organizations', purpose: 'apiDocs.ep.organizations', example: '/api/hsds/organizations' },
      { path: '/api/hsds/service_at_locations', purpose: 'apiDocs.ep.serviceAtLocations', example: `/api/hsds/service_at_locations?postcode=${postcode}&proximity=2000` },
      { path: '/api/hsds/taxonomies', purpose: 'apiDocs.ep.taxonomies', example: '/api/hsds/taxonomies' },
      { path: '/api/hsds/taxonomy_terms', purpose: 'apiDocs.ep.taxonomyTerms', example: '/api/hsds/taxonomy_terms?top_only=true' },
      { path: '/api/hsds/openapi.json', purpose: 'apiDocs.ep.openapi', example: '/api/hsds/openapi.json' },
    ],
  };
}
