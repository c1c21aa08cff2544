import type { OfferSearchDocument } from './search-document-mapper.ts';
import { CARD_FIELDS } from './search-fields.ts';
import { TRANSLATION_LOCALES, type TranslationLocale } from './search-index-settings.ts';

/**
 * What the database search filters, counts and sorts by: the same attributes,
 * under the same names, as the Meilisearch filter (search-filter.ts) reads.
 */
export const FACT_FIELDS = [
  'offerId', 'placeRank', 'district', 'offerDistricts', 'languages', 'targets', 'categories', 'cost', 'format', 'weekdays', 'openTimes',
  'childcare', 'accessible', 'womenOnly', 'ageMin', 'ageMax', 'startDay', 'nextStartDay', 'rollingEntryFromDay', 'rollingEntryUntilDay',
  '_geo', 'publishedAt', 'titleSort',
] as const;

export type SearchFacts = Pick<OfferSearchDocument, (typeof FACT_FIELDS)[number]>;

/** One row of `search_documents`: a search document as the database keeps it. */
export interface StoredSearchDocument {
  id: string;
  offer_id: number;
  place_rank: number;
  facts: string;
  card: string;
  text_title: string;
  text_labels: string;
  text_summary: string;
  text_provider: string;
  text_description: string;
  text_place: string;
}

const LOCALES = Object.keys(TRANSLATION_LOCALES) as TranslationLocale[];

function pick<K extends keyof OfferSearchDocument>(doc: OfferSearchDocument, fields: readonly K[]): Pick<OfferSearchDocument, K> {
  return Object.fromEntries(fields.filter((field) => doc[field] !== undefined).map((field) => [field, doc[field]])) as Pick<OfferSearchDocument, K>;
}

const joined = (...parts: Array<string | null | undefined | string[]>) =>
  parts.flat().filter((part): part is string => typeof part === 'string' && part !== '').join('\n');

/**
 * The text of a document in six weighted groups: the same attributes
 * Meilisearch searches (search-index-settings.ts), German and every
 * translation and UI-language label, without the duplicate `plain*` copies.
 */
function textColumns(doc: OfferSearchDocument) {
  return {
    text_title: joined(doc.title, ...LOCALES.map((locale) => doc[`title_${locale}`])),
    text_labels: joined(doc.categoryLabels, doc.targetLabels, doc.languageNames, ...LOCALES.map((locale) => doc[`labels_${locale}`] ?? [])),
    text_summary: joined(doc.summary, ...LOCALES.map((locale) => doc[`summary_${locale}`])),
    text_provider: doc.providerName,
    // German only, as Meilisearch searches descriptions (search-index-settings.ts).
    text_description: joined(doc.description),
    text_place: joined(doc.districtName, doc.locationName, doc.city, doc.street, doc.postcode),
  };
}

/** A search document as a `search_documents` row (pure). */
export function toStoredDocument(doc: OfferSearchDocument): StoredSearchDocument {
  return {
    id: doc.id,
    offer_id: doc.offerId,
    place_rank: doc.placeRank,
    facts: JSON.stringify(pick(doc, FACT_FIELDS)),
    card: JSON.stringify(pick(doc, CARD_FIELDS)),
    ...textColumns(doc),
  };
}
