import { Router, type Request, type RequestHandler } from 'express';
import type { Database } from '../db/db-connection.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { createHsdsContext, type HsdsContext } from './hsds-context.ts';
import { HsdsIdIndex } from './hsds-id-index.ts';
import { createIdMaker } from './hsds-ids.ts';
import { buildHsdsOpenApi } from './hsds-openapi.ts';
import { HSDS_ENDPOINT_PARAMETERS, parseHsdsId, parseHsdsQuery, type HsdsParameter } from './hsds-query.ts';
import {
  describeApi,
  getOrganization,
  getService,
  getServiceAtLocation,
  listOrganizations,
  listServiceAtLocations,
  listServices,
  type HsdsDeps,
} from './hsds-service.ts';
import { getTaxonomy, getTaxonomyTerm, listTaxonomies, listTaxonomyTerms } from './hsds-taxonomy-service.ts';

/** Open to every origin, without a key: the data is public, and other directories read it from browsers. */
const openToAllOrigins: RequestHandler = (_request, response, next) => {
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
};

/**
 * The HSDS 3.0 read API (Open Referral's API profile) under /api/hsds. Only
 * published offers of verified providers at reviewed places are visible.
 */
export function createHsdsRouter(deps: { db: Database; taxonomy: Taxonomy; region: Region; publicUrl: string }): Router {
  const router = Router();
  const index = new HsdsIdIndex(deps.db, createIdMaker(deps.region.slug));
  const contexts = new Map<string, HsdsContext>();
  // Term ids and labels are derived from the live taxonomy; a staff edit starts afresh.
  deps.taxonomy.onChange(() => contexts.clear());
  const contextFor = (request: Request): HsdsContext => {
    const baseUrl = deps.publicUrl.replace(/\/+$/, '');
    let ctx = contexts.get(baseUrl);
    if (!ctx) {
      ctx = createHsdsContext({ region: deps.region, taxonomy: deps.taxonomy, baseUrl });
      if (contexts.size > 20) contexts.clear();
      contexts.set(baseUrl, ctx);
    }
    return ctx;
  };
  const hsds = (request: Request): HsdsDeps => ({ db: deps.db, index, ctx: contextFor(request) });
  const query = (request: Request, allowed: readonly HsdsParameter[]) => parseHsdsQuery(request.query, allowed);
  // A single record takes no query parameters besides the language.
  const recordId = (request: Request) => {
    parseHsdsQuery(request.query, []);
    return parseHsdsId(String(request.params.id));
  };
  const P = HSDS_ENDPOINT_PARAMETERS;

  router.use('/api/hsds', openToAllOrigins);
  router.options('/api/hsds/*path', (_request, response) => {
    response.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
    response.setHeader('Access-Control-Max-Age', '86400');
    response.status(204).end();
  });
  router.get('/api/hsds', (request, response) => {
    query(request, []);
    response.json(describeApi(contextFor(request)));
  });
  router.get('/api/hsds/openapi.json', (request, response) => response.json(buildHsdsOpenApi(contextFor(request).baseUrl)));
  router.get('/api/hsds/services', async (request, response) => response.json(await listServices(hsds(request), query(request, P.services))));
  router.get('/api/hsds/services/:id', async (request, response) => response.json(await getService(hsds(request), recordId(request))));
  router.get('/api/hsds/organizations', async (request, response) => response.json(await listOrganizations(hsds(request), query(request, P.organizations))));
  router.get('/api/hsds/organizations/:id', async (request, response) =>
    response.json(await getOrganization(hsds(request), parseHsdsId(String(request.params.id)), query(request, P.organization))),
  );
  router.get('/api/hsds/service_at_locations', async (request, response) =>
    response.json(await listServiceAtLocations(hsds(request), query(request, P.serviceAtLocations))),
  );
  router.get('/api/hsds/service_at_locations/:id', async (request, response) =>
    response.json(await getServiceAtLocation(hsds(request), recordId(request))),
  );
  router.get('/api/hsds/taxonomies', (request, response) => response.json(listTaxonomies(contextFor(request), query(request, P.taxonomies))));
  router.get('/api/hsds/taxonomies/:id', (request, response) => response.json(getTaxonomy(contextFor(request), recordId(request))));
  router.get('/api/hsds/taxonomy_terms', (request, response) => response.json(listTaxonomyTerms(contextFor(request), query(request, P.taxonomyTerms))));
  router.get('/api/hsds/taxonomy_terms/:id', (request, response) =>
    response.json(getTaxonomyTerm(contextFor(request), recordId(request))),
  );
  return router;
}
