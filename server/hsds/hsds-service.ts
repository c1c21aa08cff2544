import type { Database } from '../db/db-connection.ts';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { findOffersByIds } from '../offers/offer-repository.ts';
import { distanceKm } from '../region/region-config.ts';
import type { HsdsContext } from './hsds-context.ts';
import { resolveOfferFilter } from './hsds-filter.ts';
import type { HsdsIdIndex } from './hsds-id-index.ts';
import type { Offer } from '../offers/offer-types.ts';
import { toHsdsOrganization, toHsdsOrganizationSummary } from './hsds-place-mapper.ts';
import type { HsdsQuery } from './hsds-query.ts';
import {
  findReviewedLocationIds,
  findVerifiedProvider,
  listPlaceLinks,
  listPublishedOfferIdsOfProvider,
  listReviewedLocations,
  pageOfferIds,
  pageVerifiedProviders,
  publishedOffers,
  type PlaceLink,
} from './hsds-repository.ts';
import { toHsdsService, toHsdsServiceAtLocation, toHsdsServiceMinimal, toHsdsServiceSummary } from './hsds-service-mapper.ts';
import type { HsdsPage } from './hsds-types.ts';

export interface HsdsDeps {
  db: Database;
  index: HsdsIdIndex;
  ctx: HsdsContext;
}

export const HSDS_VERSION = '3.0';

/** The profile's paging envelope around one page of records. */
export function toPage<T>(contents: T[], total: number, query: Pick<HsdsQuery, 'page' | 'perPage'>): HsdsPage<T> {
  const totalPages = Math.ceil(total / query.perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: query.page,
    size: contents.length,
    first_page: query.page === 1,
    last_page: query.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const window = (query: HsdsQuery) => ({ offset: (query.page - 1) * query.perPage, limit: query.perPage });

/**
 * Published offers with only their reviewed places: a place typed into a form
 * stays private until staff approved an offer held there.
 */
export async function loadPublicOffers(db: Database, ids: number[]): Promise<Offer[]> {
  const offers = await findOffersByIds(db, ids);
  const reviewed = await findReviewedLocationIds(db, [...new Set(offers.flatMap((offer) => offer.locations.map((location) => location.id)))]);
  return offers.map((offer) => ({ ...offer, locations: offer.locations.filter((location) => reviewed.has(location.id)) }));
}

export function describeApi(ctx: HsdsContext) {
  return { version: HSDS_VERSION, profile: `${ctx.baseUrl}/api#hsds`, openapi_url: `${ctx.baseUrl}/api/hsds/openapi.json` };
}

export async function listServices(deps: HsdsDeps, query: HsdsQuery) {
  const filter = await resolveOfferFilter(deps.ctx, deps.index, query);
  const { ids, total } = await pageOfferIds(deps.db, filter, window(query));
  const offers = await loadPublicOffers(deps.db, ids);
  const map = query.minimal ? toHsdsServiceMinimal : query.full ? toHsdsService : toHsdsServiceSummary;
  return toPage(offers.map((offer) => map(offer, deps.ctx)), total, query);
}

async function requirePublicOffer(deps: HsdsDeps, offerId: number): Promise<Offer> {
  const [published] = await publishedOffers(deps.db, {}).where('offers.id', offerId).select('offers.id');
  const [offer] = published ? await loadPublicOffers(deps.db, [offerId]) : [];
  if (!offer) throw new NotFoundError('errors.offerNotFound');
  return offer;
}

export async function getService(deps: HsdsDeps, uuid: string) {
  const key = await deps.index.resolve('service', uuid);
  if (key === undefined) throw new NotFoundError('errors.offerNotFound');
  return toHsdsService(await requirePublicOffer(deps, Number(key)), deps.ctx);
}

export async function listOrganizations(deps: HsdsDeps, query: HsdsQuery) {
  const { providers, total } = await pageVerifiedProviders(deps.db, query.search, window(query));
  if (!query.full) return toPage(providers.map((provider) => toHsdsOrganizationSummary(provider, deps.ctx)), total, query);
  const contents = [];
  for (const provider of providers) contents.push(await fullOrganization(deps, provider.id, query.fullService));
  return toPage(contents, total, query);
}

async function fullOrganization(deps: HsdsDeps, providerId: number, fullServices: boolean) {
  const provider = await findVerifiedProvider(deps.db, providerId);
  if (!provider) throw new NotFoundError('errors.providerNotFound');
  const [locations, offers] = await Promise.all([
    listReviewedLocations(deps.db, [providerId]),
    listPublishedOfferIdsOfProvider(deps.db, providerId).then((ids) => loadPublicOffers(deps.db, ids)),
  ]);
  return {
    ...toHsdsOrganization(provider, locations, deps.ctx),
    services: offers.map((offer) => (fullServices ? toHsdsService(offer, deps.ctx) : toHsdsServiceSummary(offer, deps.ctx))),
  };
}

export async function getOrganization(deps: HsdsDeps, uuid: string, query: HsdsQuery) {
  const key = await deps.index.resolve('organization', uuid);
  if (key === undefined) throw new NotFoundError('errors.providerNotFound');
  return fullOrganization(deps, Number(key), query.fullService);
}

/** The centre of a postcode of the region; with `proximity`, an unknown postcode is a 400. */
function postcodeCentre(deps: HsdsDeps, postcode: string): { lat: number; lng: number } {
  for (const district of deps.ctx.region.districts) {
    const found = district.postcodes.find((candidate) => candidate.code === postcode);
    if (found) return { lat: found.lat, lng: found.lng };
  }
  throw new ValidationError({ postcode: 'not a postcode of this region, so there is no centre to measure from' }, 'errors.badRequest');
}

async function findPlaceLinks(deps: HsdsDeps, query: HsdsQuery): Promise<PlaceLink[]> {
  const filter = await resolveOfferFilter(deps.ctx, deps.index, query);
  if (query.postcode === null || query.proximityMetres === null) return listPlaceLinks(deps.db, filter, { postcode: query.postcode ?? undefined });
  const centre = postcodeCentre(deps, query.postcode);
  const km = query.proximityMetres / 1000;
  const dLat = km / 111.2;
  const dLng = km / (111.2 * Math.cos((centre.lat * Math.PI) / 180));
  const box = { south: centre.lat - dLat, north: centre.lat + dLat, west: centre.lng - dLng, east: centre.lng + dLng };
  const links = await listPlaceLinks(deps.db, filter, { box });
  return links.filter((link) => link.latitude !== null && link.longitude !== null && distanceKm(centre, { lat: link.latitude, lng: link.longitude }) <= km);
}

export async function listServiceAtLocations(deps: HsdsDeps, query: HsdsQuery) {
  const links = await findPlaceLinks(deps, query);
  const { offset, limit } = window(query);
  const pageLinks = links.slice(offset, offset + limit);
  const offers = new Map((await loadPublicOffers(deps.db, [...new Set(pageLinks.map((link) => link.offerId))])).map((offer) => [offer.id, offer]));
  const contents = pageLinks.flatMap((link) => {
    const offer = offers.get(link.offerId);
    const location = offer?.locations.find((candidate) => candidate.id === link.locationId);
    return offer && location ? [toHsdsServiceAtLocation(offer, location, deps.ctx, { nested: query.full })] : [];
  });
  return toPage(contents, links.length, query);
}

export async function getServiceAtLocation(deps: HsdsDeps, uuid: string) {
  const key = await deps.index.resolve('service_at_location', uuid);
  const [offerId, locationId] = (key ?? '').split('-').map(Number);
  const offer = offerId ? await requirePublicOffer(deps, offerId).catch(() => undefined) : undefined;
  const location = offer?.locations.find((candidate) => candidate.id === locationId);
  if (!offer || !location) throw new NotFoundError('errors.offerNotFound');
  return toHsdsServiceAtLocation(offer, location, deps.ctx, { nested: true });
}
