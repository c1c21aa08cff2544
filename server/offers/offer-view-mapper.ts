import MarkdownIt from 'markdown-it';
import type { Region } from '../region/region-config.ts';
import { languageBadges } from '../search/search-view-mapper.ts';
import type { ViewContext } from '../web/view-context.ts';
import { placeAddressLine, toCourseView, toPlaceView, toRegistrationView, toScheduleRows, toScheduleView } from './offer-details-view.ts';
import { distanceText, routeUrl, type SearchOrigin } from './offer-place-links.ts';
import type { Offer } from './offer-types.ts';
import { toMachineTranslationNotice } from '../translation/translation-view-mapper.ts';

/** Raw HTML off: descriptions may use paragraphs, lists and links, never markup of their own. */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });
const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]!.attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, index, options, env, self);
};

/** Markdown to safe HTML. */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

/** The offer's text in the UI language, or German marked as German. */
export function localisedOfferText(offer: Offer, locale: string) {
  const translation = locale === 'de' ? undefined : offer.translations.find((candidate) => candidate.locale === locale);
  if (translation) return { title: translation.title, summary: translation.summary, description: translation.description, textLang: null as string | null };
  return { title: offer.title, summary: offer.summary, description: offer.description, textLang: locale === 'de' ? null : 'de' };
}

function formatDate(iso: string | null, locale: string): string | null {
  if (!iso) return null;
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? null : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(date);
}

/** The provider's own words: in the reader's language when translated, else German, said in the reader's language. */
function toProseView(textLang: string | null, ctx: ViewContext) {
  return { lang: textLang, note: textLang === 'de' ? ctx.t('offer.proseInGerman') : null };
}

/** Everything the offer page shows; `origin` is the point the reader searched around, for distances. */
export function toOfferView(offer: Offer, ctx: ViewContext, origin: SearchOrigin | null = null) {
  const text = localisedOfferText(offer, ctx.locale);
  const translation = ctx.locale === 'de' ? undefined : offer.translations.find((candidate) => candidate.locale === ctx.locale);
  const ageRange =
    offer.ageMin !== null && offer.ageMax !== null ? ctx.t('offer.ageRange', { min: offer.ageMin, max: offer.ageMax })
      : offer.ageMin !== null ? ctx.t('offer.ageFrom', { min: offer.ageMin })
        : offer.ageMax !== null ? ctx.t('offer.ageUpTo', { max: offer.ageMax })
          : null;
  return {
    id: offer.id,
    slug: offer.slug,
    ...text,
    descriptionHtml: renderMarkdown(text.description),
    translatedInto: offer.translations.map((translation) => translation.locale),
    machineTranslation: toMachineTranslationNotice(offer, translation, ctx, renderMarkdown),
    provider: { name: offer.provider.name, url: `/providers/${offer.provider.slug}` },
    categories: offer.categories.map((slug) => ctx.taxonomy.label('category', slug, ctx.locale)),
    targetGroups: offer.targetGroups.map((slug) => ctx.taxonomy.label('target', slug, ctx.locale)),
    languages: languageBadges(offer.languages, ctx),
    schedule: toScheduleView(offer, ctx),
    scheduleRows: toScheduleRows(offer, ctx),
    prose: toProseView(text.textLang, ctx),
    byAppointment: offer.byAppointment,
    /** Free text as the provider wrote it (German). */
    scheduleNote: offer.scheduleNote,
    course: toCourseView(offer, ctx),
    registration: toRegistrationView(offer, translation, ctx),
    cost: ctx.t(`offer.cost.${offer.cost}`),
    costUnknown: offer.cost === 'unknown',
    costNote: offer.costNote,
    format: ctx.t(`offer.format.${offer.format}`),
    /** "Vor Ort" goes without saying beside an address; online, hybrid or no place is said. */
    formatNote: offer.format !== 'in-person' || offer.locations.length === 0,
    ageRange,
    facts: [
      ...(offer.childcare ? [ctx.t('offer.childcare')] : []),
      ...(offer.womenOnly ? [ctx.t('offer.womenOnly')] : []),
    ],
    validity: offer.validFrom || offer.validUntil
      ? ctx.t('offer.validity', { from: formatDate(offer.validFrom, ctx.locale) ?? '…', until: formatDate(offer.validUntil, ctx.locale) ?? '…' })
      : null,
    locations: offer.locations.map((location) => {
      const place = toPlaceView(location, ctx);
      return { ...place, address: placeAddressLine(location, ctx.t), routeUrl: routeUrl(place), distance: distanceText(place, origin, ctx.locale, ctx.t) };
    }),
    contact: { name: offer.contactName, phone: offer.phone, phoneHref: offer.phone?.replace(/[^\d+]/g, '') ?? null, email: offer.email, url: offer.url },
    lastChecked: formatDate(offer.lastVerifiedAt ?? offer.updatedAt, ctx.locale),
  };
}

/** A place's public address and pin: an address given on request shows the town only, and keeps an exact pin back. */
function publicPlace(location: Offer['locations'][number]) {
  const hidden = location.addressOnRequest;
  const pinHidden = hidden && (location.precision === 'exact' || location.precision === 'street');
  return {
    street: hidden ? null : location.street,
    postcode: hidden ? null : location.postcode,
    lat: pinHidden ? null : location.latitude,
    lng: pinHidden ? null : location.longitude,
  };
}

function jsonLdHours(offer: Offer) {
  const dayNames = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  // Opening hours in schema.org are weekly: an every-other-week slot would be stated too often, so it is left to the page.
  const weekly = offer.schedule.filter((slot) => !slot.everyOtherWeek);
  return weekly.map((slot) => ({
    '@type': 'OpeningHoursSpecification',
    dayOfWeek: `https://schema.org/${dayNames[slot.weekday]}`,
    opens: slot.opensAt,
    closes: slot.closesAt,
    ...(offer.startDate ? { validFrom: offer.startDate } : {}),
    ...(offer.endDate ? { validThrough: offer.endDate } : {}),
  }));
}

function jsonLdPlace(location: Offer['locations'][number]) {
  const place = publicPlace(location);
  const address = { '@type': 'PostalAddress', ...(place.street ? { streetAddress: place.street } : {}), ...(place.postcode ? { postalCode: place.postcode } : {}), addressLocality: location.city, addressCountry: 'DE' };
  // Only a pin at the address is stated as the place's position.
  const exact = location.precision === 'exact' && place.lat !== null && place.lng !== null;
  return { '@type': 'Place', name: location.name, address, ...(exact ? { geo: { '@type': 'GeoCoordinates', latitude: place.lat, longitude: place.lng } } : {}) };
}

/** schema.org JSON-LD for an offer: a Service with its provider, places, languages, hours, course dates and ages. */
export function toOfferJsonLd(offer: Offer, pageUrl: string, region: Region): Record<string, unknown> {
  const hours = jsonLdHours(offer);
  return {
    '@context': 'https://schema.org',
    '@type': 'Service',
    '@id': pageUrl,
    url: pageUrl,
    name: offer.title,
    description: offer.summary,
    inLanguage: 'de',
    availableLanguage: offer.languages,
    areaServed: { '@type': 'AdministrativeArea', name: region.name },
    provider: { '@type': 'Organization', name: offer.provider.name, ...(offer.provider.website ? { url: offer.provider.website } : {}) },
    ...(offer.cost === 'free' ? { isAccessibleForFree: true } : offer.cost === 'paid' || offer.cost === 'reduced' ? { isAccessibleForFree: false } : {}),
    ...(offer.ageMin !== null || offer.ageMax !== null
      ? { audience: { '@type': 'PeopleAudience', ...(offer.ageMin !== null ? { suggestedMinAge: offer.ageMin } : {}), ...(offer.ageMax !== null ? { suggestedMaxAge: offer.ageMax } : {}) } }
      : {}),
    ...(hours.length > 0 ? { hoursAvailable: hours } : {}),
    ...(offer.locations.length > 0
      ? { availableChannel: offer.locations.map((location) => ({ '@type': 'ServiceChannel', serviceLocation: jsonLdPlace(location) })) }
      : {}),
    ...(offer.lastVerifiedAt ? { dateModified: offer.lastVerifiedAt } : {}),
  };
}

/** The offer in the JSON API. */
export function toApiOffer(offer: Offer) {
  return {
    id: offer.id,
    slug: offer.slug,
    title: offer.title,
    summary: offer.summary,
    description: offer.description,
    translations: offer.translations,
    provider: {
      id: offer.provider.id,
      slug: offer.provider.slug,
      name: offer.provider.name,
      kind: offer.provider.kind,
      website: offer.provider.website,
      externalId: offer.provider.externalId,
      source: offer.provider.source,
    },
    categories: offer.categories,
    targetGroups: offer.targetGroups,
    languages: offer.languages,
    cost: offer.cost,
    costNote: offer.costNote,
    ageMin: offer.ageMin,
    ageMax: offer.ageMax,
    format: offer.format,
    schedule: offer.schedule,
    byAppointment: offer.byAppointment,
    scheduleNote: offer.scheduleNote,
    startDate: offer.startDate,
    endDate: offer.endDate,
    nextStartDate: offer.nextStartDate,
    rollingEntry: offer.rollingEntry,
    registrationRequired: offer.registrationRequired,
    registrationMethods: offer.registrationMethods,
    registrationNote: offer.registrationNote,
    bringAlong: offer.bringAlong,
    interpreterOnRequest: offer.interpreterOnRequest,
    childcare: offer.childcare,
    womenOnly: offer.womenOnly,
    contact: { name: offer.contactName, phone: offer.phone, email: offer.email, url: offer.url },
    validFrom: offer.validFrom,
    validUntil: offer.validUntil,
    externalId: offer.externalId,
    source: offer.source,
    locations: offer.locations.map((location) => ({
      id: location.id,
      name: location.name,
      ...publicPlace(location),
      city: location.city,
      district: location.district,
      stepFree: location.stepFree,
      addressOnRequest: location.addressOnRequest,
      precision: location.precision,
      externalId: location.externalId,
      source: location.source,
    })),
    lastVerifiedAt: offer.lastVerifiedAt,
    updatedAt: offer.updatedAt,
  };
}
