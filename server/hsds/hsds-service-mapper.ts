import type { HsdsContext } from './hsds-context.ts';
import { definedOnly, safeEmail, safeUrl } from './hsds-context.ts';
import type { Location, Offer } from '../offers/offer-types.ts';
import { toHsdsLocation, toHsdsOrganizationSummary, toHsdsPhone } from './hsds-place-mapper.ts';
import { toFeesDescription, toHsdsCostOptions, toHsdsSchedules } from './hsds-schedule-mapper.ts';
import type { HsdsAttribute, HsdsService, HsdsServiceAtLocation, HsdsTranslation } from './hsds-types.ts';


const REGISTRATION_TEXT: Record<string, string> = {
  'walk-in': 'einfach vorbeikommen',
  phone: 'telefonisch',
  email: 'per E-Mail',
  online: 'online',
  counsellor: 'über eine Beratungsstelle',
};

function applicationProcess(offer: Offer): string | undefined {
  const methods = (offer.registrationMethods ?? []).map((method) => REGISTRATION_TEXT[method]).filter(Boolean);
  const parts = [
    offer.registrationRequired ? 'Anmeldung nötig.' : undefined,
    methods.length > 0 ? `Anmeldung: ${methods.join(', ')}.` : undefined,
    offer.registrationNote ?? undefined,
  ];
  return parts.filter(Boolean).join(' ') || undefined;
}

function eligibility(offer: Offer, ctx: HsdsContext): string | undefined {
  const groups = offer.targetGroups.map((slug) => ctx.terms.taxonomy.label('target', slug, 'de'));
  const ages =
    offer.ageMin !== null && offer.ageMax !== null
      ? `${offer.ageMin} bis ${offer.ageMax} Jahre`
      : offer.ageMin !== null
        ? `ab ${offer.ageMin} Jahren`
        : offer.ageMax !== null
          ? `bis ${offer.ageMax} Jahre`
          : undefined;
  const parts = [groups.length > 0 ? `Für: ${groups.join(', ')}.` : undefined, ages ? `Alter: ${ages}.` : undefined, offer.womenOnly ? 'Nur für Frauen.' : undefined];
  return parts.filter(Boolean).join(' ') || undefined;
}

function present<T>(items: Array<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}

function serviceAttributes(offer: Offer, id: string, ctx: HsdsContext): HsdsAttribute[] {
  const feature = (slug: string, on: boolean | undefined) => (on ? ctx.terms.attribute('service', id, 'feature', slug) : undefined);
  return present([
    ...offer.categories.map((slug) => ctx.terms.attribute('service', id, 'category', slug)),
    ...offer.targetGroups.map((slug) => ctx.terms.attribute('service', id, 'target', slug)),
    feature(`format-${offer.format}`, true),
    feature('childcare', offer.childcare),
    feature('women-only', offer.womenOnly),
    feature('by-appointment', offer.byAppointment),
    feature('registration-required', offer.registrationRequired),
    ...(offer.registrationMethods ?? []).map((method) => feature(`registration-${method}`, true)),
    feature('interpreter-on-request', offer.interpreterOnRequest),
    feature('rolling-entry', offer.rollingEntry),
  ]);
}

function translations(offer: Offer): HsdsTranslation[] {
  return offer.translations.map((translation) =>
    definedOnly<HsdsTranslation>({
      language: translation.locale,
      name: translation.title,
      summary: translation.summary,
      description: translation.description,
      registration_note: translation.registrationNote ?? undefined,
      bring_along: translation.bringAlong ?? undefined,
    }),
  );
}

/** An offer's one-to-one fields as an HSDS service, with its organization (list answers). */
export function toHsdsServiceSummary(offer: Offer, ctx: HsdsContext): HsdsService {
  const id = ctx.ids.record('service', offer.id);
  return {
    ...definedOnly<HsdsService>({
      id,
      organization_id: ctx.ids.record('organization', offer.providerId),
      name: offer.title,
      description: offer.description.trim() || offer.summary,
      url: safeUrl(offer.url),
      email: safeEmail(offer.email),
      status: 'active',
      interpretation_services: offer.interpreterOnRequest ? 'Dolmetschen auf Anfrage möglich.' : undefined,
      application_process: applicationProcess(offer),
      fees_description: toFeesDescription(offer),
      eligibility_description: eligibility(offer, ctx),
      minimum_age: offer.ageMin ?? undefined,
      maximum_age: offer.ageMax ?? undefined,
      assured_date: offer.lastVerifiedAt?.slice(0, 10),
      last_modified: new Date(offer.updatedAt).toISOString(),
      x_summary: offer.summary,
      x_page_url: `${ctx.baseUrl}/offers/${encodeURIComponent(offer.slug)}`,
      x_valid_from: offer.validFrom ?? undefined,
      x_valid_until: offer.validUntil ?? undefined,
      x_start_date: offer.startDate ?? undefined,
      x_end_date: offer.endDate ?? undefined,
      x_next_start_date: offer.nextStartDate ?? undefined,
      x_registration_note: offer.registrationNote ?? undefined,
      x_source: offer.source ?? undefined,
      x_external_id: offer.externalId ?? undefined,
    }),
    organization: toHsdsOrganizationSummary(offer.provider, ctx),
  };
}

/** The minimal listing: enough to tell what changed since the last harvest. */
export function toHsdsServiceMinimal(offer: Offer, ctx: HsdsContext): Pick<HsdsService, 'id' | 'name' | 'status' | 'last_modified'> {
  return { id: ctx.ids.record('service', offer.id), name: offer.title, status: 'active', last_modified: new Date(offer.updatedAt).toISOString() };
}

function serviceAreas(offer: Offer, id: string, ctx: HsdsContext): NonNullable<HsdsService['service_areas']> {
  const districts = [...new Set(offer.locations.map((location) => location.district))];
  const names = districts.length > 0 ? districts.map((slug) => ctx.region.districts.find((d) => d.slug === slug)?.name ?? slug) : [ctx.region.name];
  return names.map((name) => ({ id: ctx.ids.record('service_area', `${offer.id}:${name}`), service_id: id, name }));
}

/** A fully nested service: schedules, costs, languages, contacts, phones, places, taxonomy attributes. */
export function toHsdsService(offer: Offer, ctx: HsdsContext, options: { withLocations?: boolean } = {}): HsdsService {
  const summary = toHsdsServiceSummary(offer, ctx);
  const id = summary.id;
  const hasContact = Boolean(offer.contactName?.trim() || safeEmail(offer.email));
  return {
    ...summary,
    phones: toHsdsPhone(offer.phone, `service:${offer.id}`, { service_id: id }, ctx),
    schedules: toHsdsSchedules(offer, id, ctx),
    service_areas: serviceAreas(offer, id, ctx),
    service_at_locations: options.withLocations === false ? [] : offer.locations.map((location) => toHsdsServiceAtLocation(offer, location, ctx, { nested: true, withService: false })),
    languages: offer.languages.map((code) => ({ id: ctx.ids.record('language', `${offer.id}:${code}`), service_id: id, name: ctx.terms.taxonomy.label('language', code, 'de'), code })),
    cost_options: toHsdsCostOptions(offer, id, ctx),
    required_documents: offer.bringAlong?.trim() ? [{ id: ctx.ids.record('required_document', offer.id), service_id: id, document: offer.bringAlong.trim() }] : [],
    contacts: hasContact ? [definedOnly({ id: ctx.ids.record('contact', offer.id), service_id: id, name: offer.contactName?.trim() || undefined, email: safeEmail(offer.email) })] : [],
    attributes: serviceAttributes(offer, id, ctx),
    x_translations: translations(offer),
  };
}

/**
 * An offer at one of its places. Listings carry the place's and the service's
 * one-to-one fields; `nested` adds the full service and the place's address.
 */
export function toHsdsServiceAtLocation(offer: Offer, location: Location, ctx: HsdsContext, options: { nested: boolean; withService?: boolean }): HsdsServiceAtLocation {
  const serviceId = ctx.ids.record('service', offer.id);
  const record: HsdsServiceAtLocation = {
    id: ctx.ids.record('service_at_location', `${offer.id}-${location.id}`),
    service_id: serviceId,
    location_id: ctx.ids.record('location', location.id),
    location: toHsdsLocation(location, ctx, { nested: options.nested }),
  };
  if (options.withService === false) return record;
  return { ...record, service: options.nested ? toHsdsService(offer, ctx, { withLocations: false }) : toHsdsServiceSummary(offer, ctx) };
}
