/**
 * The columns of the import template, the export and the preview: one row per
 * offer and place. Headers are plain German because the people who fill the
 * sheet are KI staff; the key is what the code calls the field.
 */
export const IMPORT_COLUMNS = [
  { key: 'externalId', header: 'Angebots-ID (extern)' },
  { key: 'title', header: 'Titel' },
  { key: 'summary', header: 'Kurzbeschreibung' },
  { key: 'description', header: 'Beschreibung' },
  { key: 'provider', header: 'Träger' },
  { key: 'providerExternalId', header: 'Träger-ID (extern)' },
  { key: 'source', header: 'Quelle' },
  { key: 'categories', header: 'Themen' },
  { key: 'targetGroups', header: 'Zielgruppen' },
  { key: 'languages', header: 'Sprachen' },
  { key: 'format', header: 'Format' },
  { key: 'cost', header: 'Kosten' },
  { key: 'costNote', header: 'Kostenhinweis' },
  { key: 'ageMin', header: 'Alter von' },
  { key: 'ageMax', header: 'Alter bis' },
  { key: 'schedule', header: 'Wochentage und Zeiten' },
  { key: 'everyOtherWeek', header: '14-täglich' },
  { key: 'byAppointment', header: 'Nach Vereinbarung' },
  { key: 'scheduleNote', header: 'Zeiten-Hinweis' },
  { key: 'startDate', header: 'Kursbeginn' },
  { key: 'endDate', header: 'Kursende' },
  { key: 'nextStartDate', header: 'Nächster Start' },
  { key: 'rollingEntry', header: 'Laufender Einstieg' },
  { key: 'registrationRequired', header: 'Anmeldung nötig' },
  { key: 'registrationMethods', header: 'Anmeldung' },
  { key: 'registrationNote', header: 'Anmeldehinweis' },
  { key: 'bringAlong', header: 'Mitbringen' },
  { key: 'interpreterOnRequest', header: 'Dolmetschen möglich' },
  { key: 'childcare', header: 'Kinderbetreuung' },
  { key: 'womenOnly', header: 'Nur für Frauen' },
  { key: 'placeExternalId', header: 'Ort-ID (extern)' },
  { key: 'placeName', header: 'Ort' },
  { key: 'street', header: 'Straße' },
  { key: 'postcode', header: 'PLZ' },
  { key: 'town', header: 'Stadt' },
  { key: 'latitude', header: 'Breite' },
  { key: 'longitude', header: 'Länge' },
  { key: 'addressOnRequest', header: 'Adresse auf Anfrage' },
  { key: 'stepFree', header: 'Barrierefrei' },
  { key: 'contactName', header: 'Ansprechperson' },
  { key: 'phone', header: 'Telefon' },
  { key: 'email', header: 'E-Mail' },
  { key: 'url', header: 'Webseite' },
  { key: 'lastVerified', header: 'Zuletzt geprüft' },
] as const;

export type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

/** One sheet row as text per column; a missing column reads as ''. */
export type SheetRow = Record<ColumnKey, string>;

export const COLUMN_HEADERS: Record<ColumnKey, string> = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column.key, column.header])) as Record<ColumnKey, string>;

/** Columns a file must have; the rest may be left out. */
export const REQUIRED_COLUMNS: ColumnKey[] = ['title', 'provider', 'categories'];
