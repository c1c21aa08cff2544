import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { IMPORT_COLUMNS, type SheetRow } from '../import/import-columns.ts';

/**
 * A value that would start a formula in Excel or LibreOffice gets an apostrophe
 * in front (the import takes it off again): a directory must not ship
 * spreadsheet formulas someone typed into an offer.
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const headers = () => IMPORT_COLUMNS.map((column) => column.header);
const cellsOf = (row: SheetRow, escape: boolean) => IMPORT_COLUMNS.map((column) => (escape ? escapeFormula(row[column.key] ?? '') : (row[column.key] ?? '')));

/** CSV as German Excel opens it by double-click: UTF-8 with BOM, semicolons, CRLF. */
export function writeCsv(rows: SheetRow[]): Buffer {
  const text = stringify([headers(), ...rows.map((row) => cellsOf(row, true))], { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n";]/ });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export interface ValueSheet {
  title: string;
  columns: Array<{ header: string; values: string[] }>;
}

/**
 * XLSX with the template's columns and optional value lists. Every cell is a
 * text cell (never a formula), so Excel keeps leading zeros and dates as written.
 */
export async function writeXlsx(rows: SheetRow[], options: { sheetName: string; values?: ValueSheet }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((column) => ({ header: column.header, key: column.key, width: Math.max(12, Math.min(40, column.header.length + 4)), style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(cellsOf(row, false));
  if (options.values) {
    const values = workbook.addWorksheet(options.values.title);
    values.columns = options.values.columns.map((column) => ({ header: column.header, width: 34 }));
    values.getRow(1).font = { bold: true };
    const length = Math.max(...options.values.columns.map((column) => column.values.length));
    for (let i = 0; i < length; i += 1) values.addRow(options.values.columns.map((column) => column.values[i] ?? ''));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
