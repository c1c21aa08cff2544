import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from 'meilisearch';
import { CARD_FIELDS, MARKER_FIELDS } from './search-fields.ts';

/** Locales offers may be translated into, with the Meilisearch (ISO 639-3) locale used to tokenise them. */
export const TRANSLATION_LOCALES = { en: 'eng', ar: 'ara', fa: 'pes', tr: 'tur', uk: 'ukr', ru: 'rus' } as const;
export type TranslationLocale = keyof typeof TRANSLATION_LOCALES;

const translated = (field: string) => Object.keys(TRANSLATION_LOCALES).map((locale) => `${field}_${locale}`);

/** German fields: declared German so compounds split ("Kurs" finds "Sprachkurs"). */
const GERMAN_FIELDS = ['title', 'summary', 'description', 'categoryLabels', 'targetLabels', 'providerName', 'locationName', 'street', 'city'];

/**
 * Measured on Meilisearch 1.21: on attributes declared German, and for queries
 * tokenised as German, typo tolerance and synonyms stop working ("Deutchkurs"
 * and "DaZ" found nothing). So the German texts are indexed twice, segmented
 * (fields above) and whole (these `plain*` copies, default tokenizer), and
 * queries are tokenised without German segmentation (QUERY_LOCALES): "Kurs"
 * then matches the segmented copy, "Deutchkurs" and synonyms the whole one.
 */
export const PLAIN_COPIES = { plainTitle: 'title', plainSummary: 'summary', plainDescription: 'description', plainCategoryLabels: 'categoryLabels' } as const;

/**
 * Meilisearch counts hits exactly up to this number; beyond it the page says
 * "more than 5,000" (facet counts stay exact). Changing it rebuilds the index.
 */
export const MAX_TOTAL_HITS = 5000;

/** Values a facet lists at most; every facet shown has far fewer, the offer count of a geo search may use them all. */
export const MAX_FACET_VALUES = 1000;

/** Locale passed with every query; see PLAIN_COPIES. */
export const QUERY_LOCALES = ['eng'];

const searchDataDir = path.resolve(import.meta.dirname, '..', '..', 'data', 'search');
const readSearchData = <T>(file: string): T => JSON.parse(readFileSync(path.join(searchDataDir, file), 'utf8')) as T;

/**
 * Synonym groups per UI language (data/search/synonyms.json): each word finds
 * the others. Plus one-way spellings without umlauts or ß, as typed on a
 * keyboard without them.
 */
function buildSynonyms(): Record<string, string[]> {
  const data = readSearchData<{ groups: Record<string, string[][]>; asciiSpellings: Record<string, string> }>('synonyms.json');
  const synonyms: Record<string, string[]> = {};
  for (const group of Object.values(data.groups).flat()) {
    for (const word of group) synonyms[word] = [...new Set([...(synonyms[word] ?? []), ...group.filter((other) => other !== word)])];
  }
  for (const [ascii, proper] of Object.entries(data.asciiSpellings)) {
    if (ascii !== proper) synonyms[ascii] = [...(synonyms[ascii] ?? []), proper];
  }
  return synonyms;
}

/** Function words of every UI language (data/search/stop-words.json): "Treff für Mütter" must not rank every "für" first. */
function buildStopWords(): string[] {
  const data = readSearchData<Record<string, string[] | string>>('stop-words.json');
  return [...new Set(Object.entries(data).flatMap(([key, words]) => (key.startsWith('_') ? [] : (words as string[]))))].sort();
}

/** What each word of the synonym lists also finds (one-word entries only): read by the query rewrite. */
export const SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(buildSynonyms())
    .filter(([word]) => !word.includes(' '))
    .map(([word, others]) => [word, others.filter((other) => !other.includes(' '))]),
);

/** Settings that shape the index. Changing one triggers a rebuild (beside the live index) at the next start. */
export const OFFER_INDEXING_SETTINGS: Settings = {
  searchableAttributes: [
    'title',
    'plainTitle',
    ...translated('title'),
    'categoryLabels',
    'plainCategoryLabels',
    ...translated('labels'),
    'summary',
    'plainSummary',
    ...translated('summary'),
    'providerName',
    'targetLabels',
    'languageNames',
    'description',
    'plainDescription',
    // Translated descriptions are not searched: with them the multilingual fields cost Meilisearch
    // +21–22 % CPU per search, without them +15 % (npm run bench -- --multilingual-only), and the
    // relevance set's figures are the same either way (npm run bench:relevance).
    'districtName',
    'locationName',
    'city',
    'street',
    'postcode',
  ],
  filterableAttributes: [
    'offerId',
    'locationId',
    'placeRank',
    'placeCount',
    'offerDistricts',
    'providerSlug',
    'district',
    'languages',
    'targets',
    'categories',
    'cost',
    'format',
    'weekdays',
    'openTimes',
    'byAppointment',
    'childcare',
    'accessible',
    'womenOnly',
    'registrationRequired',
    'registrationMethods',
    'ageMin',
    'ageMax',
    'startDay',
    'nextStartDay',
    'rollingEntryFromDay',
    'rollingEntryUntilDay',
    'hasGeo',
    'translatedLocales',
    '_geo',
  ],
  sortableAttributes: ['_geo', 'titleSort', 'publishedAt', 'lastVerifiedAt'],
  localizedAttributes: [
    ...Object.entries(TRANSLATION_LOCALES).map(([locale, code]) => ({ attributePatterns: [`*_${locale}`], locales: [code] })),
    { attributePatterns: GERMAN_FIELDS, locales: ['deu'] },
  ],
  synonyms: buildSynonyms(),
  stopWords: buildStopWords(),
  // Two typos from 8 letters let "Beratung" match unrelated longer words in descriptions.
  typoTolerance: { minWordSizeForTypos: { oneTypo: 4, twoTypos: 10 } },
  // Words first, then a chosen sort (distance, newest, title), then the finer text rules: with a
  // query typed, "nearest first" orders the offers that match every word by distance.
  rankingRules: ['words', 'sort', 'typo', 'proximity', 'attribute', 'exactness'],
};

/**
 * Settings Meilisearch applies without re-indexing; the start applies them to
 * the live index in place, so changing one costs no rebuild.
 */
export const OFFER_QUERY_SETTINGS: Settings = {
  // Only what cards and markers show: the full documents carry every description in seven
  // languages, and returning them cost a measured share of each search (see the README).
  displayedAttributes: [...new Set([...CARD_FIELDS, ...MARKER_FIELDS])],
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
  // Measured on 1.21 with the demo index: facet distributions sorted by count took 4–5 ms against
  // 11–14 ms sorted alphabetically (the default). The app orders options itself, and every facet
  // has fewer than 200 values, so nothing a user sees changes.
  faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { '*': 'count' } },
};

/** Every setting of the offers index, in one place. */
export const OFFER_INDEX_SETTINGS: Settings = { ...OFFER_INDEXING_SETTINGS, ...OFFER_QUERY_SETTINGS };

/** Identifies the indexing settings; stored with the index to notice changes that need a rebuild. */
export function settingsFingerprint(settings: Settings = OFFER_INDEXING_SETTINGS): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}
