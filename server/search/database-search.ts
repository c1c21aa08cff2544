import { LRUCache } from 'lru-cache';
import { SearchUnavailableError } from '../errors/app-errors.ts';
import type { Database } from '../db/db-connection.ts';
import { countFacetValues, distanceMetres, matchesSearch } from './database-search-filter.ts';
import type { SearchFacts } from './database-search-mapper.ts';
import { readCandidates, readCards } from './database-search-repository.ts';
import { readTextQuery, withoutLastTerm, type TextQuery } from './database-search-text.ts';
import { FACETS, FLAGS, searchesPlaces, selectedFacets, type FacetName, type FlagName } from './search-filter.ts';
import { MAX_TOTAL_HITS } from './search-index-settings.ts';
import { RADIUS_CHOICES_KM, type SearchQuery } from './search-query.ts';
import type { SearchVocabulary } from './search-vocabulary.ts';
import { emptyFacets, MAX_MAP_MARKERS, PAGE_SIZE, type FacetCounts, type MapMarker, type MapMarkers, type SearchHit, type SearchResult, type Suggestion } from './search-service.ts';

/**
 * At most this many documents are read per search. A search matching more
 * (only possible far beyond a KI's directory) counts and sorts only these, and
 * says its total is a lower bound.
 */
export const MAX_CANDIDATES = 20_000;

interface Candidate {
  key: number;
  /** How many of the typed words it matches: Meilisearch ranks by this first (`words`). */
  words: number;
  rank: number;
  facts: SearchFacts;
}

interface Candidates {
  documents: Candidate[];
  capped: boolean;
}

/**
 * Documents matching the words, as Meilisearch's default matching strategy
 * ("last") finds them: those with every word first, then those missing the
 * last word, and so on down to the first word alone.
 */
/**
 * Parsed facts by document key. A document is never changed under its key (a
 * change deletes it and inserts a new one; keys are never reused), so an entry
 * cannot go stale; parsing every candidate's JSON was most of a search's CPU.
 */
type FactsCache = LRUCache<number, SearchFacts>;
const FACTS_CACHE_ENTRIES = 50_000;

function factsOf(cache: FactsCache, key: number, json: string): SearchFacts {
  let facts = cache.get(key);
  if (!facts) {
    facts = JSON.parse(json) as SearchFacts;
    cache.set(key, facts);
  }
  return facts;
}

async function loadCandidates(db: Database, cache: FactsCache, text: TextQuery | null, firstPlacesOnly: boolean): Promise<Candidates> {
  const found = new Map<number, Candidate>();
  let capped = false;
  for (let current = text; ; current = withoutLastTerm(current!)) {
    const rows = await readCandidates(db, current, { firstPlacesOnly, limit: MAX_CANDIDATES + 1 });
    capped ||= rows.length > MAX_CANDIDATES;
    for (const row of rows.slice(0, MAX_CANDIDATES)) {
      const key = Number(row.key);
      if (!found.has(key)) found.set(key, { key, words: current?.terms.length ?? 0, rank: Number(row.rank), facts: factsOf(cache, key, row.facts) });
    }
    if (!current || !withoutLastTerm(current) || found.size >= MAX_CANDIDATES) break;
  }
  return { documents: [...found.values()].slice(0, MAX_CANDIDATES), capped };
}

/** The order of a search: words matched, then its sort (Meilisearch's `words`, `sort`), then text rank, then key. */
function sortDocuments(documents: Candidate[], query: SearchQuery): Candidate[] {
  const byRank = (a: Candidate, b: Candidate) => a.rank - b.rank || a.key - b.key;
  const sorted = (compare: (a: Candidate, b: Candidate) => number) => [...documents].sort((a, b) => b.words - a.words || compare(a, b));
  if (query.sort === 'distance' && query.near) {
    const near = query.near;
    const distance = new Map(documents.map((doc) => [doc.key, doc.facts._geo ? distanceMetres(near, doc.facts._geo) : Number.POSITIVE_INFINITY]));
    return sorted((a, b) => distance.get(a.key)! - distance.get(b.key)! || byRank(a, b));
  }
  if (query.sort === 'newest') return sorted((a, b) => b.facts.publishedAt - a.facts.publishedAt || byRank(a, b));
  if (query.sort === 'title') return sorted((a, b) => (a.facts.titleSort < b.facts.titleSort ? -1 : a.facts.titleSort > b.facts.titleSort ? 1 : byRank(a, b)));
  return sorted(byRank);
}

/** Each offer once, at its best-placed document (distinct offerId). */
function distinctOffers(documents: Candidate[]): Candidate[] {
  const seen = new Set<number>();
  return documents.filter((doc) => !seen.has(doc.facts.offerId) && Boolean(seen.add(doc.facts.offerId)));
}

/** Facet counts over matching documents; a facet with a selection is counted without its own clause (disjunctive). */
function countFacets(candidates: Candidate[], matching: Candidate[], query: SearchQuery): FacetCounts {
  const facets = emptyFacets();
  for (const facet of Object.keys(FACETS) as FacetName[]) {
    const source = query[facet].length > 0 ? candidates.filter((doc) => matchesSearch(doc.facts, query, facet)) : matching;
    for (const doc of source) countFacetValues(facets[facet], doc.facts[FACETS[facet]]);
  }
  for (const flag of Object.keys(FLAGS) as FlagName[]) facets[flag] = matching.filter((doc) => doc.facts[FLAGS[flag]] === true).length;
  return facets;
}

/**
 * Search from the database copy of the search documents, for when Meilisearch
 * is down or hung: the same filters, facet counts, sorting and paging, with
 * simpler text matching (whole words and a prefix for the last one, synonyms,
 * no typo tolerance or compound splitting).
 */
export class DatabaseSearch {
  private readonly facts: FactsCache = new LRUCache({ max: FACTS_CACHE_ENTRIES });

  /** `vocabulary`: the index's words, for compounds ending in a typed word (search-vocabulary.ts). */
  constructor(
    private readonly db: Database,
    private readonly vocabulary?: SearchVocabulary,
  ) {}

  /** Compounds per word, while the vocabulary keeps its size (it only grows): scanning it per search was a measured cost. */
  private readonly compounds = new LRUCache<string, { size: number; words: string[] }>({ max: 5000 });

  private readText(q: string): TextQuery | null {
    return readTextQuery(q, (word) => {
      const vocabulary = this.vocabulary;
      if (!vocabulary) return [];
      const known = this.compounds.get(word);
      if (known && known.size === vocabulary.size) return known.words;
      const words = vocabulary.compoundsEndingIn(word, 24);
      this.compounds.set(word, { size: vocabulary.size, words });
      return words;
    });
  }

  async searchOffers(query: SearchQuery): Promise<SearchResult> {
    try {
      return await this.runSearch(query);
    } catch (error) {
      throw new SearchUnavailableError({ cause: error });
    }
  }

  async findMapMarkers(query: SearchQuery): Promise<MapMarkers> {
    try {
      const { documents } = await loadCandidates(this.db, this.facts, this.readText(query.q), false);
      const placed = documents.filter((doc) => doc.facts._geo && matchesSearch(doc.facts, query, undefined, { perPlace: true }));
      const cards = await readCards(this.db, placed.slice(0, MAX_MAP_MARKERS).map((doc) => doc.key));
      const markers: MapMarker[] = placed.slice(0, MAX_MAP_MARKERS).map((doc) => {
        const card = JSON.parse(cards.get(doc.key)!) as SearchHit;
        return { offerId: card.offerId, slug: card.slug, title: card.title, providerName: card.providerName, locationName: card.locationName, lat: card._geo!.lat, lng: card._geo!.lng };
      });
      return { markers, truncated: placed.length > MAX_MAP_MARKERS, engine: 'database' };
    } catch (error) {
      throw new SearchUnavailableError({ cause: error });
    }
  }

  private async runSearch(query: SearchQuery): Promise<SearchResult> {
    const places = searchesPlaces(query);
    const { documents: candidates, capped } = await loadCandidates(this.db, this.facts, this.readText(query.q), !places);
    const matching = candidates.filter((doc) => matchesSearch(doc.facts, query));
    const ordered = sortDocuments(matching, query);
    const offers = (places ? distinctOffers(ordered) : ordered).slice(0, MAX_TOTAL_HITS);
    const count = places ? offers.length : matching.length;
    const total = places ? count : Math.min(count, MAX_TOTAL_HITS);
    const pageDocuments = offers.slice((query.page - 1) * PAGE_SIZE, query.page * PAGE_SIZE);
    const cards = await readCards(this.db, pageDocuments.map((doc) => doc.key));
    return {
      total,
      totalIsLowerBound: capped || (!places && count >= MAX_TOTAL_HITS),
      page: query.page,
      pageSize: PAGE_SIZE,
      totalPages: Math.ceil(Math.min(total, MAX_TOTAL_HITS) / PAGE_SIZE),
      hits: pageDocuments.map((doc) => JSON.parse(cards.get(doc.key)!) as SearchHit),
      facets: countFacets(candidates, matching, query),
      suggestions: total === 0 ? await this.suggestWaysOut(query) : [],
      engine: 'database',
    };
  }

  /** How many offers a variant of the search finds. */
  private async countOffers(variant: SearchQuery): Promise<number> {
    const { documents } = await loadCandidates(this.db, this.facts, this.readText(variant.q), !searchesPlaces(variant));
    return new Set(documents.filter((doc) => matchesSearch(doc.facts, variant)).map((doc) => doc.facts.offerId)).size;
  }

  /** For an empty result: each restriction lifted in turn, as the Meilisearch path offers them. */
  private async suggestWaysOut(query: SearchQuery): Promise<Suggestion[]> {
    const ways: Array<{ suggestion: Suggestion; variant: SearchQuery }> = [];
    for (const facet of selectedFacets(query)) ways.push({ suggestion: { kind: 'drop-facet', facet, count: 0 }, variant: { ...query, [facet]: [] } });
    for (const flag of Object.keys(FLAGS) as FlagName[]) if (query[flag]) ways.push({ suggestion: { kind: 'drop-flag', flag, count: 0 }, variant: { ...query, [flag]: false } });
    if (query.q) ways.push({ suggestion: { kind: 'drop-query', count: 0 }, variant: { ...query, q: '' } });
    const wider = query.near && query.radiusKm !== null ? RADIUS_CHOICES_KM.find((km) => km > query.radiusKm!) : undefined;
    if (wider) ways.push({ suggestion: { kind: 'widen-radius', radiusKm: wider, count: 0 }, variant: { ...query, radiusKm: wider } });
    if (query.bbox) ways.push({ suggestion: { kind: 'drop-area', count: 0 }, variant: { ...query, bbox: null } });
    const counted: Suggestion[] = [];
    for (const { suggestion, variant } of ways) counted.push({ ...suggestion, count: await this.countOffers(variant) });
    return counted.filter((suggestion) => suggestion.count > 0).sort((a, b) => b.count - a.count);
  }
}
