import { writeCsv, writeXlsx } from '../export/export-writer.ts';
import { draftToCells } from '../export/export-mapper.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { IMPORT_COLUMNS, type SheetRow } from './import-columns.ts';
import type { OfferDraft } from './import-types.ts';
import { FIXED_VALUE_LABELS, type Vocabulary } from './import-vocabulary.ts';

/** The example row of the template: one offer at one place, every column filled the way the import reads it. */
function exampleRow(region: Region, vocabulary: Vocabulary): SheetRow {
  const town = region.districts[0]!;
  const draft: OfferDraft = {
    externalId: 'A-001', source: 'Angebotsliste KI', title: 'Sprachcafé am Dienstag', summary: 'Deutsch sprechen üben bei Kaffee und Tee.',
    description: 'Offenes Treffen für alle, die Deutsch sprechen üben möchten.', categories: ['language-cafe'], targetGroups: ['adults', 'new-arrivals'],
    languages: ['de', 'ar', 'uk'], format: 'in-person', cost: 'free', costNote: null, ageMin: 16, ageMax: null,
    schedule: [{ weekday: 2, opensAt: '14:00', closesAt: '16:00', everyOtherWeek: false }], byAppointment: false, scheduleNote: 'nicht in den Schulferien',
    startDate: null, endDate: null, nextStartDate: null, rollingEntry: true, registrationRequired: false, registrationMethods: ['walk-in'],
    registrationNote: null, bringAlong: null, interpreterOnRequest: false, childcare: true, womenOnly: false, contactName: 'Frau Beispiel',
    phone: '02302 000000', email: 'sprachcafe@example.org', url: 'https://example.org/sprachcafe', lastVerified: null,
  };
  const empty = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column.key, ''])) as SheetRow;
  return {
    ...empty, ...draftToCells(draft, vocabulary), provider: 'Beispielverein e.V.', providerExternalId: 'T-01',
    placeName: 'Begegnungszentrum', street: 'Hauptstraße 1', postcode: town.postcodes[0]?.code ?? '', town: town.name, stepFree: 'ja',
  };
}

/** The value lists of the template's second sheet, in German. */
function valueColumns(taxonomy: Taxonomy, region: Region) {
  const labels = (list: 'category' | 'target' | 'language') => taxonomy.terms(list).filter((term) => list !== 'category' || term.parent !== null).map((term) => term.labels.de ?? term.slug);
  return [
    { header: 'Themen', values: labels('category') },
    { header: 'Zielgruppen', values: labels('target') },
    { header: 'Sprachen', values: labels('language') },
    { header: 'Kosten', values: Object.values(FIXED_VALUE_LABELS.cost) },
    { header: 'Anmeldung', values: Object.values(FIXED_VALUE_LABELS.registration) },
    { header: 'Format', values: Object.values(FIXED_VALUE_LABELS.format) },
    { header: 'Stadt', values: region.districts.map((district) => district.name) },
    { header: 'Ja/Nein', values: ['ja', 'nein'] },
  ];
}

export function buildTemplateXlsx(taxonomy: Taxonomy, region: Region, vocabulary: Vocabulary): Promise<Buffer> {
  return writeXlsx([exampleRow(region, vocabulary)], { sheetName: 'Angebote', values: { title: 'Erlaubte Werte', columns: valueColumns(taxonomy, region) } });
}

export function buildTemplateCsv(region: Region, vocabulary: Vocabulary): Buffer {
  return writeCsv([exampleRow(region, vocabulary)]);
}
