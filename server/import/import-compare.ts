import type { OfferDraft } from './import-types.ts';

/** Fields of an offer draft compared on re-import, in the order the preview names them. */
const COMPARED: Array<keyof OfferDraft> = [
  'title', 'summary', 'description', 'categories', 'targetGroups', 'languages', 'format', 'cost', 'costNote', 'ageMin', 'ageMax',
  'schedule', 'byAppointment', 'scheduleNote', 'startDate', 'endDate', 'nextStartDate', 'rollingEntry', 'registrationRequired',
  'registrationMethods', 'registrationNote', 'bringAlong', 'interpreterOnRequest', 'childcare', 'womenOnly', 'contactName', 'phone', 'email', 'url',
];

const UNORDERED: Array<keyof OfferDraft> = ['categories', 'targetGroups', 'languages', 'registrationMethods'];

function comparable(draft: OfferDraft, field: keyof OfferDraft): string {
  const value = draft[field];
  if (UNORDERED.includes(field)) return JSON.stringify([...(value as string[])].sort());
  if (field === 'schedule') {
    return JSON.stringify(draft.schedule.map((slot) => `${slot.weekday} ${slot.opensAt} ${slot.closesAt} ${slot.everyOtherWeek}`).sort());
  }
  if (typeof value === 'string') return JSON.stringify(value.replace(/\r\n/g, '\n').trim());
  return JSON.stringify(value ?? null);
}

/**
 * The fields in which the file's offer differs from the stored one. A field the
 * file leaves to the store (source, last check) only counts when the file gives it.
 */
export function changedOfferFields(stored: OfferDraft, incoming: OfferDraft): Array<keyof OfferDraft> {
  const changed = COMPARED.filter((field) => comparable(stored, field) !== comparable(incoming, field));
  if (incoming.lastVerified !== null && incoming.lastVerified !== stored.lastVerified) changed.push('lastVerified');
  if (incoming.source !== null && incoming.source !== stored.source) changed.push('source');
  if (incoming.externalId !== null && stored.externalId !== null && incoming.externalId !== stored.externalId) changed.push('externalId');
  return changed;
}
