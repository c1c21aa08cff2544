import { dayNumber } from '../offers/course-dates.ts';
import type { Location, Offer } from '../offers/offer-types.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { openTimesOf, type OpenTime } from './open-times.ts';
import { programmeKeyOf } from './programme-groups.ts';
import { TRANSLATION_LOCALES, type TranslationLocale } from './search-index-settings.ts';

type TranslatedFields = Partial<Record<`${'title' | 'summary' | 'description'}_${TranslationLocale}`, string>>;
/** Topic, target group and language labels in each other UI language, so "German course" finds an offer without an English text. */
type LabelFields = Partial<Record<`labels_${TranslationLocale}`, string[]>>;

/** One searchable document: an offer at one location (or, for online offers, at none). */
export interface OfferSearchDocument extends TranslatedFields, LabelFields {
  id: string;
  offerId: number;
  locationId: number | null;
  /** 0 for the offer's first place: searches without a geo restriction use only these, one per offer. */
  placeRank: number;
  /** How many places the offer has: a geo search counts its offers in one round trip with it (search-service.ts). */
  placeCount: number;
  slug: string;
  /** Offers of one programme and provider in several towns share it (programme-groups.ts). */
  programmeKey: string;
  title: string;
  summary: string;
  description: string;
  plainTitle: string;
  plainSummary: string;
  plainDescription: string;
  plainCategoryLabels: string[];
  providerName: string;
  providerSlug: string;
  categories: string[];
  categoryLabels: string[];
  targets: string[];
  targetLabels: string[];
  languages: string[];
  languageNames: string[];
  translatedLocales: string[];
  district: string | null;
  districtName: string | null;
  /** Every district the offer runs in, not only this document's. */
  offerDistricts: string[];
  locationName: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  cost: string;
  format: string;
  weekdays: number[];
  openTimes: OpenTime[];
  schedule: Array<{ weekday: number; opensAt: string; closesAt: string; everyOtherWeek?: boolean }>;
  byAppointment: boolean;
  childcare: boolean;
  accessible: boolean;
  womenOnly: boolean;
  registrationRequired: boolean;
  /** For the printed result list. */
  phone: string | null;
  /** Null is an open bound. */
  ageMin: number | null;
  ageMax: number | null;
  registrationMethods: string[];
  startDate: string | null;
  endDate: string | null;
  nextStartDate: string | null;
  rollingEntry: boolean;
  /** Day numbers (see course-dates.ts) for "starts within N days". */
  startDay: number | null;
  nextStartDay: number | null;
  /** Set only for rolling entry: the days one can join (open ends as far bounds). */
  rollingEntryFromDay: number | null;
  rollingEntryUntilDay: number | null;
  /** Whether this document's pin is exact; approximate pins are labelled on cards and the map. */
  geoPrecision: string | null;
  hasGeo: boolean;
  _geo: { lat: number; lng: number } | null;
  titleSort: string;
  publishedAt: number;
  lastVerifiedAt: number | null;
}

const DESCRIPTION_LIMIT = 2000;

/** Markdown to plain text for indexing: drops link targets and markup characters. */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, DESCRIPTION_LIMIT);
}

function epochSeconds(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

function validGeo(location: Location | null): { lat: number; lng: number } | null {
  if (!location || location.latitude === null || location.longitude === null) return null;
  const { latitude: lat, longitude: lng } = location;
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : null;
}

/** The offer's topic (with parents), target group and language labels in every UI language but German. */
function localisedLabels(offer: Offer, categories: string[], taxonomy: Taxonomy): LabelFields {
  const fields: LabelFields = {};
  for (const locale of Object.keys(TRANSLATION_LOCALES) as TranslationLocale[]) {
    fields[`labels_${locale}`] = [
      ...categories.map((slug) => taxonomy.label('category', slug, locale)),
      ...offer.targetGroups.map((slug) => taxonomy.label('target', slug, locale)),
      // German is spoken at nearly every offer: as a label it would make "German course" match them all.
      ...offer.languages.filter((code) => code !== 'de').map((code) => taxonomy.label('language', code, locale)),
    ];
  }
  return fields;
}

/** Far bounds for a rolling-entry course without a first or last day: always joinable. */
const FIRST_DAY = 0;
const LAST_DAY = 999_999;

/** The day fields of a dated course, for the "starts within" filter. */
export function courseDays(offer: Pick<Offer, 'startDate' | 'endDate' | 'nextStartDate' | 'rollingEntry'>) {
  const startDay = dayNumber(offer.startDate);
  return {
    startDay,
    nextStartDay: dayNumber(offer.nextStartDate) ?? startDay,
    rollingEntryFromDay: offer.rollingEntry ? (startDay ?? FIRST_DAY) : null,
    rollingEntryUntilDay: offer.rollingEntry ? (dayNumber(offer.endDate) ?? LAST_DAY) : null,
  };
}

/**
 * A place whose address is given on request keeps a pin only when that pin is
 * a postcode or town centre: an exact pin would give away what the page keeps back.
 */
function revealsAddress(location: Location | null): boolean {
  return location !== null && location.addressOnRequest && (location.precision === 'exact' || location.precision === 'street');
}

/** The id of the document for an offer at a location. */
export function searchDocumentId(offerId: number, locationId: number | null): string {
  return `${offerId}-${locationId ?? 'online'}`;
}

/**
 * Maps a published offer to its search documents: one per location, so a map
 * and a radius search see every place it runs; `distinctAttribute: offerId`
 * shows it once in a result list.
 */
export function toSearchDocuments(offer: Offer, taxonomy: Taxonomy): OfferSearchDocument[] {
  const categories = taxonomy.withParents(offer.categories);
  const translatedFields: TranslatedFields = {};
  const translatedLocales: string[] = [];
  for (const translation of offer.translations) {
    if (!(translation.locale in TRANSLATION_LOCALES)) continue;
    const locale = translation.locale as TranslationLocale;
    translatedLocales.push(locale);
    translatedFields[`title_${locale}`] = translation.title;
    translatedFields[`summary_${locale}`] = translation.summary;
    translatedFields[`description_${locale}`] = toPlainText(translation.description);
  }
  const places: Array<Location | null> = offer.locations.length > 0 ? offer.locations : [null];
  const description = toPlainText(offer.description);
  const offerDistricts = [...new Set(offer.locations.map((location) => location.district))];
  const categoryLabels = categories.map((slug) => taxonomy.label('category', slug, 'de'));
  const anyStepFree = offer.locations.some((location) => location.stepFree);
  const labelFields = localisedLabels(offer, categories, taxonomy);
  const days = courseDays(offer);
  return places.map((location, placeRank) => {
    const geo = revealsAddress(location) ? null : validGeo(location);
    return {
      id: searchDocumentId(offer.id, location?.id ?? null),
      offerId: offer.id,
      locationId: location?.id ?? null,
      placeRank,
      placeCount: places.length,
      slug: offer.slug,
      programmeKey: programmeKeyOf(offer),
      title: offer.title,
      summary: offer.summary,
      description,
      plainTitle: offer.title,
      plainSummary: offer.summary,
      plainDescription: description,
      providerName: offer.provider.name,
      providerSlug: offer.provider.slug,
      categories,
      categoryLabels,
      plainCategoryLabels: categoryLabels,
      targets: offer.targetGroups,
      targetLabels: offer.targetGroups.map((slug) => taxonomy.label('target', slug, 'de')),
      languages: offer.languages,
      languageNames: offer.languages.map((code) => taxonomy.label('language', code, 'de')),
      translatedLocales,
      district: location?.district ?? null,
      districtName: location ? taxonomy.label('district', location.district, 'de') : null,
      offerDistricts,
      locationName: location?.name ?? null,
      street: location && !location.addressOnRequest ? location.street : null,
      postcode: location?.postcode ?? null,
      city: location?.city ?? null,
      cost: offer.cost,
      format: offer.format,
      weekdays: [...new Set(offer.schedule.map((slot) => slot.weekday))].sort(),
      openTimes: openTimesOf(offer.schedule),
      schedule: offer.schedule,
      byAppointment: offer.byAppointment,
      childcare: offer.childcare,
      accessible: anyStepFree,
      womenOnly: offer.womenOnly,
      registrationRequired: offer.registrationRequired,
      phone: offer.phone ?? offer.provider.phone,
      ageMin: offer.ageMin,
      ageMax: offer.ageMax,
      registrationMethods: offer.registrationMethods,
      startDate: offer.startDate,
      endDate: offer.endDate,
      nextStartDate: offer.nextStartDate,
      rollingEntry: offer.rollingEntry,
      ...days,
      geoPrecision: geo && location ? location.precision : null,
      hasGeo: geo !== null,
      _geo: geo,
      titleSort: offer.title.toLocaleLowerCase('de'),
      publishedAt: epochSeconds(offer.publishedAt) ?? epochSeconds(offer.updatedAt) ?? 0,
      lastVerifiedAt: epochSeconds(offer.lastVerifiedAt),
      ...translatedFields,
      ...labelFields,
    };
  });
}
