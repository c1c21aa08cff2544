import MarkdownIt from 'markdown-it';
import type { Region } from '../region/region-config.ts';
import { formatTime, weekdayNames } from '../i18n/time-format.ts';
import { languageBadges } from '../search/search-view-mapper.ts';
import type { ViewContext } from '../web/view-context.ts';
import type { Offer } from './offer-types.ts';

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

/** Everything the offer page shows. */
export function toOfferView(offer: Offer, ctx: ViewContext) {
  const text = localisedOfferText(offer, ctx.locale);
  const names = weekdayNames(ctx.locale, 'long');
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
    provider: { name: offer.provider.name, url: `/providers/${offer.provider.slug}` },
    categories: offer.categories.map((slug) => ctx.taxonomy.label('category', slug, ctx.locale)),
    targetGroups: offer.targetGroups.map((slug) => ctx.taxonomy.label('target', slug, ctx.locale)),
    languages: languageBadges(offer.languages, ctx),
    schedule: offer.schedule.map((slot) => ({
      day: names[slot.weekday],
      from: formatTime(slot.opensAt, ctx.locale),
      to: formatTime(slot.closesAt, ctx.locale),
    })),
    byAppointment: offer.byAppointment,
    cost: ctx.t(`offer.cost.${offer.cost}`),
    costNote: offer.costNote,
    format: ctx.t(`offer.format.${offer.format}`),
    ageRange,
    facts: [
      offer.registrationRequired ? ctx.t('offer.registrationRequired') : ctx.t('offer.noRegistration'),
      ...(offer.childcare ? [ctx.t('offer.childcare')] : []),
      ...(offer.womenOnly ? [ctx.t('offer.womenOnly')] : []),
    ],
    validity: offer.validFrom || offer.validUntil
      ? ctx.t('offer.validity', { from: formatDate(offer.validFrom, ctx.locale) ?? '…', until: formatDate(offer.validUntil, ctx.locale) ?? '…' })
      : null,
    locations: offer.locations.map((location) => ({
      name: location.name,
      street: location.street,
      postcode: location.postcode,
      city: location.city,
      district: ctx.taxonomy.label('district', location.district, ctx.locale),
      stepFree: location.stepFree,
      lat: location.latitude,
      lng: location.longitude,
    })),
    contact: { name: offer.contactName, phone: offer.phone, phoneHref: offer.phone?.replace(/[^\d+]/g, '') ?? null, email: offer.email, url: offer.url },
    lastChecked: formatDate(offer.lastVerifiedAt ?? offer.updatedAt, ctx.locale),
  };
}

/** schema.org JSON-LD for an offer: a Service with its provider, places, languages and hours. */
export function toOfferJsonLd(offer: Offer, pageUrl: string, region: Region): Record<string, unknown> {
  const dayNames = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
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
    ...(offer.cost === 'free' ? { isAccessibleForFree: true } : {}),
    ...(offer.schedule.length > 0
      ? { hoursAvailable: offer.schedule.map((slot) => ({ '@type': 'OpeningHoursSpecification', dayOfWeek: `https://schema.org/${dayNames[slot.weekday]}`, opens: slot.opensAt, closes: slot.closesAt })) }
      : {}),
    ...(offer.locations.length > 0
      ? {
          availableChannel: offer.locations.map((location) => ({
            '@type': 'ServiceChannel',
            serviceLocation: {
              '@type': 'Place',
              name: location.name,
              address: { '@type': 'PostalAddress', streetAddress: location.street, postalCode: location.postcode, addressLocality: location.city, addressCountry: 'DE' },
              ...(location.latitude !== null && location.longitude !== null ? { geo: { '@type': 'GeoCoordinates', latitude: location.latitude, longitude: location.longitude } } : {}),
            },
          })),
        }
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
    provider: { id: offer.provider.id, slug: offer.provider.slug, name: offer.provider.name, kind: offer.provider.kind, website: offer.provider.website },
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
    registrationRequired: offer.registrationRequired,
    childcare: offer.childcare,
    womenOnly: offer.womenOnly,
    contact: { name: offer.contactName, phone: offer.phone, email: offer.email, url: offer.url },
    validFrom: offer.validFrom,
    validUntil: offer.validUntil,
    locations: offer.locations.map((location) => ({
      id: location.id,
      name: location.name,
      street: location.street,
      postcode: location.postcode,
      city: location.city,
      district: location.district,
      lat: location.latitude,
      lng: location.longitude,
      stepFree: location.stepFree,
    })),
    lastVerifiedAt: offer.lastVerifiedAt,
    updatedAt: offer.updatedAt,
  };
}
