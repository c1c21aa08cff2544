import chardet from 'chardet';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { IMPORT_COLUMNS, type ColumnKey, type SheetRow } from './import-columns.ts';
import { foldText } from './import-text.ts';

export type FileKind = 'csv' | 'xlsx';

export interface ReadSheet {
  /** Data rows with the spreadsheet's row number (the header is row 1). */
  rows: Array<{ line: number; cells: SheetRow }>;
  /** Headers that name no column of the template, as written. */
  unknownHeaders: string[];
  /** Template columns the file has. */
  columns: ColumnKey[];
}

export class UnreadableFileError extends Error {
  constructor(readonly reason: 'empty' | 'format' | 'noHeader') {
    super(reason);
  }
}

/** Other names people give the same columns. */
const HEADER_ALIASES: Record<string, ColumnKey> = {
  'id': 'externalId', 'angebots id': 'externalId', 'angebot': 'title', 'name': 'title', 'anbieter': 'provider', 'organisation': 'provider', 'traeger id': 'providerExternalId',
  'thema': 'categories', 'kategorie': 'categories', 'kategorien': 'categories', 'zielgruppe': 'targetGroups', 'sprache': 'languages',
  'adresse': 'street', 'strasse und hausnummer': 'street', 'postleitzahl': 'postcode', 'gemeinde': 'town', 'email': 'email', 'mail': 'email',
  'internet': 'url', 'homepage': 'url', 'website': 'url', 'zeiten': 'schedule', 'oeffnungszeiten': 'schedule', 'lat': 'latitude', 'lng': 'longitude', 'lon': 'longitude',
};

const HEADER_INDEX = new Map<string, ColumnKey>([
  ...IMPORT_COLUMNS.map((column): [string, ColumnKey] => [foldText(column.header), column.key]),
  ...Object.entries(HEADER_ALIASES).map(([alias, key]): [string, ColumnKey] => [foldText(alias), key]),
]);

/** Detects a spreadsheet from its first bytes (a zip) or its name. */
export function detectFileKind(buffer: Buffer, fileName: string): FileKind {
  if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  return /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
}

/**
 * Text of a CSV file: UTF-8 (with or without BOM) when it is valid UTF-8,
 * otherwise what chardet guesses, which for files from Excel is Windows-1252.
 */
export function decodeCsv(buffer: Buffer): string {
  if (buffer.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return buffer.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    const guess = chardet.detect(buffer) ?? 'windows-1252';
    const encoding = /^(utf-8|ascii)$/i.test(guess) || !iconv.encodingExists(guess) || /^ISO-8859-1$/i.test(guess) ? 'windows-1252' : guess;
    return iconv.decode(buffer, encoding);
  }
}

function detectDelimiter(text: string): ';' | ',' | '\t' {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = { ';': header.split(';').length, ',': header.split(',').length, '\t': header.split('\t').length };
  return (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0]) as ';' | ',' | '\t';
}

/** Excel and the export put an apostrophe before a value that would start a formula; it is not part of the value. */
function cleanCell(value: string): string {
  const text = value.replace(/\u00a0/g, ' ').trim();
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function toSheet(records: string[][]): ReadSheet {
  const [header, ...body] = records;
  if (!header || header.every((cell) => cell.trim() === '')) throw new UnreadableFileError('noHeader');
  const keys = header.map((cell) => HEADER_INDEX.get(foldText(cell)));
  if (!keys.includes('title')) throw new UnreadableFileError('noHeader');
  const rows: ReadSheet['rows'] = [];
  body.forEach((record, index) => {
    if (record.every((cell) => cleanCell(cell ?? '') === '')) return;
    const cells = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column.key, ''])) as SheetRow;
    keys.forEach((key, column) => {
      if (key && cells[key] === '') cells[key] = cleanCell(record[column] ?? '');
    });
    rows.push({ line: index + 2, cells });
  });
  return {
    rows,
    unknownHeaders: header.filter((cell, column) => cell.trim() !== '' && keys[column] === undefined),
    columns: [...new Set(keys.filter((key): key is ColumnKey => key !== undefined))],
  };
}

export function readCsv(buffer: Buffer): ReadSheet {
  const text = decodeCsv(buffer);
  if (text.trim() === '') throw new UnreadableFileError('empty');
  try {
    const records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    return toSheet(records);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError('format');
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the person sees it in Excel: dates as TT.MM.JJJJ, formulas as their result, links as their text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${pad(value.getUTCDate())}.${pad(value.getUTCMonth() + 1)}.${value.getUTCFullYear()}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

export async function readXlsx(buffer: Buffer): Promise<ReadSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFileError('format');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new UnreadableFileError('empty');
  const records: string[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    records.push(Array.from({ length: width }, (_, c) => cellText(row.getCell(c + 1).value)));
  }
  return toSheet(records);
}

/** Reads a CSV or XLSX upload into rows keyed by column. */
export async function readSheet(buffer: Buffer, fileName: string): Promise<ReadSheet> {
  if (buffer.length === 0) throw new UnreadableFileError('empty');
  return detectFileKind(buffer, fileName) === 'xlsx' ? readXlsx(buffer) : readCsv(buffer);
}
