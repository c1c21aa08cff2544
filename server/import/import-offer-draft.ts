import type { Location, Offer, OfferInput } from '../offers/offer-types.ts';
import type { OfferDraft, PlaceDraft } from './import-types.ts';

/** A stored offer in the shape the import compares a row with. Pure. */
export function offerToDraft(offer: Offer): OfferDraft {
  const everyOtherWeek = offer.schedule.some((slot) => slot.everyOtherWeek);
  return {
    externalId: offer.externalId,
    source: offer.source,
    title: offer.title,
    summary: offer.summary,
    description: offer.description,
    categories: offer.categories,
    targetGroups: offer.targetGroups,
    languages: offer.languages,
    format: offer.format,
    cost: offer.cost,
    costNote: offer.costNote,
    ageMin: offer.ageMin,
    ageMax: offer.ageMax,
    // The sheet has one "14-täglich" column per row: it applies to every slot.
    schedule: offer.schedule.map((slot) => ({ weekday: slot.weekday, opensAt: slot.opensAt, closesAt: slot.closesAt, everyOtherWeek })),
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
    contactName: offer.contactName,
    phone: offer.phone,
    email: offer.email,
    url: offer.url,
    lastVerified: offer.lastVerifiedAt ? offer.lastVerifiedAt.slice(0, 10) : null,
  };
}

/** A stored place in the sheet's terms. */
export function locationToPlace(location: Location): PlaceDraft {
  return {
    externalId: location.externalId,
    name: location.name,
    street: location.street ?? '',
    postcode: location.postcode ?? '',
    city: location.city,
    district: location.district,
    latitude: location.latitude ?? 0,
    longitude: location.longitude ?? 0,
    precision: location.precision,
    addressOnRequest: location.addressOnRequest,
    stepFree: location.stepFree,
  };
}

/**
 * The offer service's input for a draft. Translations are not in the sheet:
 * an update keeps the stored ones (`translations` is passed through).
 */
export function draftToOfferInput(
  draft: OfferDraft,
  links: { providerId: number; locationIds: number[]; externalId: string | null; importKey: string | null; lastVerifiedAt: string; translations: Offer['translations'] },
): OfferInput {
  return {
    providerId: links.providerId,
    title: draft.title,
    summary: draft.summary,
    description: draft.description,
    cost: draft.cost,
    costNote: draft.costNote,
    ageMin: draft.ageMin,
    ageMax: draft.ageMax,
    byAppointment: draft.byAppointment,
    scheduleNote: draft.scheduleNote,
    startDate: draft.startDate,
    endDate: draft.endDate,
    nextStartDate: draft.nextStartDate,
    rollingEntry: draft.rollingEntry,
    format: draft.format,
    registrationRequired: draft.registrationRequired,
    registrationMethods: draft.registrationMethods as OfferInput['registrationMethods'],
    registrationNote: draft.registrationNote,
    bringAlong: draft.bringAlong,
    interpreterOnRequest: draft.interpreterOnRequest,
    childcare: draft.childcare,
    womenOnly: draft.womenOnly,
    contactName: draft.contactName,
    phone: draft.phone,
    email: draft.email,
    url: draft.url,
    externalId: links.externalId,
    source: draft.source,
    lastVerifiedAt: links.lastVerifiedAt,
    categories: draft.categories,
    targetGroups: draft.targetGroups,
    languages: draft.languages,
    schedule: draft.schedule,
    translations: links.translations,
    locationIds: links.locationIds,
  };
}
