import { IMPORT_COLUMNS, type SheetRow } from '../import/import-columns.ts';
import { ownId } from '../import/import-keys.ts';
import { offerToDraft } from '../import/import-offer-draft.ts';
import { formatWeeklySchedule } from '../import/import-schedule.ts';
import type { OfferDraft } from '../import/import-types.ts';
import type { ValueList, Vocabulary } from '../import/import-vocabulary.ts';
import type { Location, Offer } from '../offers/offer-types.ts';

const yesNo = (value: boolean) => (value ? 'ja' : 'nein');

/** "2027-01-12" → "12.01.2027", as German Excel shows dates. */
export function germanDate(iso: string | null): string {
  if (!iso) return '';
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

function emptyRow(): SheetRow {
  return Object.fromEntries(IMPORT_COLUMNS.map((column) => [column.key, ''])) as SheetRow;
}

/** The offer's own columns (everything but provider and place), as the import reads them back. */
export function draftToCells(draft: OfferDraft, vocabulary: Vocabulary): Partial<SheetRow> {
  const labels = (list: ValueList, slugs: string[]) => slugs.map((slug) => vocabulary.display(list, slug)).join(', ');
  return {
    title: draft.title,
    summary: draft.summary,
    description: draft.description,
    source: draft.source ?? '',
    categories: labels('category', draft.categories),
    targetGroups: labels('target', draft.targetGroups),
    languages: labels('language', draft.languages),
    format: vocabulary.display('format', draft.format),
    cost: vocabulary.display('cost', draft.cost),
    costNote: draft.costNote ?? '',
    ageMin: draft.ageMin === null ? '' : String(draft.ageMin),
    ageMax: draft.ageMax === null ? '' : String(draft.ageMax),
    schedule: formatWeeklySchedule(draft.schedule),
    everyOtherWeek: yesNo(draft.schedule.some((slot) => slot.everyOtherWeek)),
    byAppointment: yesNo(draft.byAppointment),
    scheduleNote: draft.scheduleNote ?? '',
    startDate: germanDate(draft.startDate),
    endDate: germanDate(draft.endDate),
    nextStartDate: germanDate(draft.nextStartDate),
    rollingEntry: yesNo(draft.rollingEntry),
    registrationRequired: yesNo(draft.registrationRequired),
    registrationMethods: labels('registration', draft.registrationMethods),
    registrationNote: draft.registrationNote ?? '',
    bringAlong: draft.bringAlong ?? '',
    interpreterOnRequest: yesNo(draft.interpreterOnRequest),
    childcare: yesNo(draft.childcare),
    womenOnly: yesNo(draft.womenOnly),
    contactName: draft.contactName ?? '',
    phone: draft.phone ?? '',
    email: draft.email ?? '',
    url: draft.url ?? '',
    lastVerified: germanDate(draft.lastVerified),
  };
}

function placeCells(location: Location): Partial<SheetRow> {
  return {
    placeExternalId: location.externalId ?? ownId('place', location.id),
    placeName: location.name,
    street: location.street ?? '',
    postcode: location.postcode ?? '',
    town: location.city,
    latitude: location.latitude === null ? '' : String(location.latitude),
    longitude: location.longitude === null ? '' : String(location.longitude),
    addressOnRequest: yesNo(location.addressOnRequest),
    stepFree: yesNo(location.stepFree),
  };
}

/**
 * An offer as sheet rows in the template's columns: one row per place (one
 * row without place for an online offer). Records without an external id get
 * Wegweiser's own, so the file finds them again when imported.
 */
export function offerToSheetRows(offer: Offer, vocabulary: Vocabulary): SheetRow[] {
  const common: SheetRow = {
    ...emptyRow(),
    ...draftToCells(offerToDraft(offer), vocabulary),
    externalId: offer.externalId ?? ownId('offer', offer.id),
    provider: offer.provider.name,
    providerExternalId: offer.provider.externalId ?? ownId('provider', offer.provider.id),
  };
  const places = offer.format === 'online' ? [] : offer.locations;
  if (places.length === 0) return [common];
  return places.map((location) => ({ ...common, ...placeCells(location) }));
}
