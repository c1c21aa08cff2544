import { SearchUnavailableError } from '../errors/app-errors.ts';
import type { SearchEngine } from '../search-engine/search-engine.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { OFFERS_INDEX } from './offer-search-index.ts';
import type { OfferSearchDocument } from './search-document-mapper.ts';
import { QUERY_LOCALES } from './search-index-settings.ts';

export interface SearchServiceDeps {
  engine: SearchEngine;
  taxonomy: Taxonomy;
}

export interface SearchRequest {
  q: string;
  page: number;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  totalPages: number;
  hits: OfferSearchDocument[];
}

export const PAGE_SIZE = 20;

/** Full-text search over published offers; one result per offer. */
export async function searchOffers(deps: SearchServiceDeps, request: SearchRequest): Promise<SearchResult> {
  try {
    const response = await deps.engine.client.index<OfferSearchDocument>(deps.engine.indexUid(OFFERS_INDEX)).search(request.q, {
      page: request.page,
      hitsPerPage: PAGE_SIZE,
      locales: QUERY_LOCALES,
    });
    return {
      total: response.totalHits,
      page: response.page,
      pageSize: PAGE_SIZE,
      totalPages: response.totalPages,
      hits: response.hits,
    };
  } catch (error) {
    throw new SearchUnavailableError({ cause: error });
  }
}
