import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../server/i18n/i18n.ts';
import { previewImport, type ImportPreview } from '../../server/import/import-service.ts';
import { describeProblem, toPreviewView } from '../../server/import/import-view-mapper.ts';
import { createTestStorage } from '../support/test-services.ts';
import { importDeps, messyCsv } from './import-fixture.ts';

type Storage = Awaited<ReturnType<typeof createTestStorage>>;

const EXPECTED_PROBLEMS = [
  "Zeile 1: Die Spalte 'Bemerkung intern' ist unbekannt und wird nicht gelesen.",
  "Zeile 3, Spalte Sprachen: 'Sorani-Kurdisch' ist unbekannt, meinten Sie 'Kurdisch (Sorani) (ckb)'?",
  "Zeile 5, Spalte E-Mail: 'beratung@caritas-hattingen' ist keine E-Mail-Adresse und wird weggelassen.",
  'Zeile 9, Spalte Träger: Diese Angabe fehlt. Die Zeile wird nicht importiert.',
  "Zeile 9, Spalte Stadt: 'Bochum' liegt nicht in der Region Ennepe-Ruhr-Kreis. Die Zeile wird nicht importiert.",
  "Zeile 10, Spalte Themen: 'Computer-Kurs' ist unbekannt, meinten Sie 'Computerkurs'?",
  'Zeile 11: Dieselbe Zeile wie Zeile 2. Sie wird übersprungen.',
  "Zeile 14, Spalte Wochentage und Zeiten: 'immer wenn die Sonne scheint' ist keine Zeitangabe wie „Di 14-16 Uhr“. Der Text steht jetzt im Zeiten-Hinweis.",
];

const EXPECTED_ROWS = [
  [2, 'Sprachcafé International', 'Begegnungszentrum Mitte, Ruhrstraße 12, 58452 Witten', 'Lage: genaue Adresse', 'wird neu angelegt'],
  [3, 'Deutschkurs A1 für Frauen', '58455 Witten', 'Lage ungefähr: Mitte der Postleitzahl', 'wird neu angelegt'],
  [4, 'Hausaufgabenhilfe', 'Pfarrheim, Bahnhofstr. 5, 45525 Hattingen', 'Lage ungefähr: Mitte der Postleitzahl', 'wird neu angelegt'],
  [5, 'Beratung für Geflüchtete', 'Pfarrheim, Bahnhofstr. 5, 45525 Hattingen', 'Lage ungefähr: Mitte der Postleitzahl', 'wird neu angelegt'],
  [6, 'Schwimmkurs für Frauen', 'Schwelm', 'Lage ungefähr: Stadtmitte', 'wird neu angelegt'],
  [8, 'Elterncafe im Familienzentrum', 'Lange Str. 3, 58256 Ennepetal', 'Lage ungefähr: Mitte der Postleitzahl', 'wird neu angelegt'],
  [9, 'Mentoring', '', '', 'wird nicht importiert'],
  [10, 'Computerkurs für Ältere', 'Hauptstraße 30, 58300 Wetter (Ruhr)', 'Lage ungefähr: Mitte der Postleitzahl', 'wird neu angelegt'],
  [11, 'Sprachcafé International', 'Begegnungszentrum Mitte, Ruhrstraße 12, 58452 Witten', 'Lage: genaue Adresse', 'wird nicht importiert'],
  [12, 'Internationaler Frauentreff', 'Hauptstraße 20, 58313 Herdecke', 'Lage ungefähr: Mitte der Postleitzahl', 'wird neu angelegt'],
  [13, 'Sprachtreff online', 'online', '', 'wird neu angelegt'],
  [14, 'Nähcafé', 'Lange Str. 3, 58256 Ennepetal', 'Lage ungefähr: Mitte der Postleitzahl', 'wird neu angelegt'],
];

describe('the preview of a messy list', () => {
  let storage: Storage;
  let t: (key: string, values?: Record<string, unknown>) => string;
  const preview = (buffer: Buffer, fileName = 'angebote.csv') => previewImport(importDeps(storage), { fileName, buffer }, { decisions: {}, publish: true });
  const rowsOf = (result: ImportPreview) => toPreviewView(result, t).rows.map((row) => [row.line, row.title, row.place, row.precision, row.actionLabel]);

  beforeAll(async () => {
    storage = await createTestStorage();
    t = (await createI18n()).getFixedT('de');
  });
  afterAll(async () => storage?.close());

  it('names every problem by row and column in German, and what would happen to each row', async () => {
    const result = await preview(messyCsv());
    expect(result.problems.map((problem) => describeProblem(problem, t))).toEqual(EXPECTED_PROBLEMS);
    expect(rowsOf(result)).toEqual(EXPECTED_ROWS);
    expect(toPreviewView(result, t).summary).toEqual([
      { label: 'Angebote', create: 10, update: 0, unchanged: 0 },
      { label: 'Träger', create: 6, update: 0, unchanged: 0 },
      { label: 'Orte', create: 7, update: 0, unchanged: 0 },
    ]);
    expect(result.plan.overdue).toEqual([{ line: 12, title: 'Internationaler Frauentreff', lastVerified: '2024-02-03' }]);
  });

  it('reads values the way a person would', async () => {
    const result = await preview(messyCsv());
    const offer = (line: number) => result.rows.find((row) => row.line === line)!.offer;
    expect(offer(2)).toMatchObject({ categories: ['language-cafe', 'meeting-cafe'], targetGroups: ['adults', 'refugees'], languages: ['de', 'ar', 'fa'], phone: '+49 2302 123456', url: 'https://www.awo-en.example' });
    expect(offer(2).description).toBe('Wir treffen uns jede Woche.\r\nAlle sind willkommen; auch Anfänger.');
    expect(offer(3)).toMatchObject({ cost: 'unknown', targetGroups: ['women', 'parents'], languages: ['de', 'tr'], ageMin: 16 });
    expect(offer(3).schedule).toEqual([{ weekday: 1, opensAt: '09:00', closesAt: '12:00', everyOtherWeek: false }, { weekday: 3, opensAt: '09:00', closesAt: '12:00', everyOtherWeek: false }]);
    expect(offer(4)).toMatchObject({ categories: ['homework-help'], ageMin: 6, schedule: [{ weekday: 2, opensAt: '14:00', closesAt: '16:00', everyOtherWeek: false }] });
    expect(offer(5)).toMatchObject({ categories: ['asylum-counselling'], languages: ['ar', 'en', 'ti'], byAppointment: true, cost: 'unknown', email: null });
    expect(offer(8)).toMatchObject({ categories: ['parent-cafe'], languages: ['de', 'pl'] });
    expect(offer(13)).toMatchObject({ format: 'online', categories: ['language-cafe'] });
    expect(offer(14).scheduleNote).toBe('immer wenn die Sonne scheint');
  });

  it('reads the same list saved by Excel as Windows-1252 exactly like the UTF-8 one', async () => {
    const windows = iconv.encode(messyCsv().toString('utf8'), 'win1252');
    expect(windows.includes(Buffer.from('ä', 'utf8'))).toBe(false);
    const result = await preview(windows);
    expect(result.problems.map((problem) => describeProblem(problem, t))).toEqual(EXPECTED_PROBLEMS);
    expect(rowsOf(result)).toEqual(EXPECTED_ROWS);
  });

  it('reads a comma-separated file with a BOM', async () => {
    const csv = '\uFEFFTitel,Träger,Themen,Sprachen,Stadt,PLZ\r\n"Deutschkurs, abends",VHS Witten,deutschkurs,"arabic, UK",Witten,58453\r\n';
    const result = await preview(Buffer.from(csv, 'utf8'));
    expect(result.problems).toEqual([]);
    expect(result.rows[0]!.offer).toMatchObject({ title: 'Deutschkurs, abends', categories: ['german-course'], languages: ['ar', 'uk'] });
    expect(result.rows[0]!.place).toMatchObject({ district: 'witten', postcode: '58453', precision: 'postcode' });
  });

  it('reads an XLSX with real dates, numbers and links as Excel stores them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tabelle1');
    sheet.addRow(['Angebots-ID (extern)', 'Titel', 'Träger', 'Themen', 'Zielgruppen', 'Sprachen', 'Alter von', 'Alter bis', 'PLZ', 'Stadt', 'Webseite', 'Kursbeginn', 'Zuletzt geprüft']);
    sheet.addRow(['X-1', 'Griffbereit Gruppe', 'Familienzentrum Löwenzahn', 'Griffbereit', 'Familien, Kinder', 'Türkisch, DEUTSCH', 1, 3, 58453, 'Witten', { text: 'familienzentrum.example', hyperlink: 'https://familienzentrum.example' }, new Date(Date.UTC(2027, 0, 12)), new Date(Date.UTC(2026, 10, 2))]);
    sheet.addRow(['X-2', { richText: [{ text: 'Rucksack ' }, { text: 'Kita', font: { bold: true } }] }, 'Familienzentrum Loewenzahn', 'rucksack', 'Eltern', 'Klingonisch', 'drei', null, 58453, 'Annen', null, null, null]);
    const result = await preview(Buffer.from(await workbook.xlsx.writeBuffer()), 'liste.xlsx');
    expect(result.problems.map((problem) => describeProblem(problem, t))).toEqual([
      "Zeile 3, Spalte Sprachen: 'Klingonisch' ist unbekannt und wird weggelassen.",
      'Zeile 3, Spalte Sprachen: Keine Sprache angegeben. Deutsch wird angenommen.',
      "Zeile 3, Spalte Alter von: 'drei' ist kein Alter zwischen 0 und 120 und wird weggelassen.",
    ]);
    expect(result.rows[0]!.offer).toMatchObject({ categories: ['griffbereit'], languages: ['tr', 'de'], ageMin: 1, ageMax: 3, url: 'https://familienzentrum.example', startDate: '2027-01-12', lastVerified: '2026-11-02' });
    expect(result.rows[1]!.offer.title).toBe('Rucksack Kita');
    // "Löwenzahn" and "Loewenzahn" are one provider; "Annen" is a quarter of Witten.
    expect(result.plan.providers).toHaveLength(1);
    expect(result.rows[1]!.place).toMatchObject({ district: 'witten', postcode: '58453' });
  });
});
