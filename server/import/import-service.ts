import type { Actor } from '../audit/audit-log.ts';
import type { Database } from '../db/db-connection.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { IMPORT_COLUMNS, REQUIRED_COLUMNS } from './import-columns.ts';
import { readSheet, type ReadSheet } from './import-file-reader.ts';
import { groupRows, type FileContents } from './import-grouping.ts';
import { mapSheetRow } from './import-mapper.ts';
import { planImport, type ImportPlan } from './import-plan.ts';
import { loadImportState } from './import-repository.ts';
import type { ImportProblem, MappedRow } from './import-types.ts';
import type { Vocabulary } from './import-vocabulary.ts';
import { writeImportPlan, type WriteCounts } from './import-writer.ts';

export interface ImportDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  vocabulary: Vocabulary;
  clock: () => Date;
  notifySearch: () => void;
  /** Months after which an offer's last check is overdue (the freshness setting). */
  freshnessMonths: number;
}

export interface ImportOptions {
  /** Staff choices for proposed provider matches. */
  decisions: Record<string, number | 'new'>;
  /** New offers go live at once (true) or wait in moderation. */
  publish: boolean;
}

export interface ImportUpload {
  fileName: string;
  buffer: Buffer;
}

export interface ImportPreview {
  fileName: string;
  rows: MappedRow[];
  plan: ImportPlan;
  /** Every problem of the file, by row and column order. */
  problems: ImportProblem[];
  skippedLines: number[];
}

export interface ImportResult {
  counts: WriteCounts;
  missing: ImportPlan['missing'];
  overdue: ImportPlan['overdue'];
  skippedLines: number[];
  warnings: number;
}

type Progress = (update: { phase?: 'reading' | 'writing' | 'indexing'; done?: number; total?: number }) => void;

const COLUMN_ORDER = new Map(IMPORT_COLUMNS.map((column, index) => [column.key as string, index]));

function headerProblems(sheet: ReadSheet): ImportProblem[] {
  const missing = REQUIRED_COLUMNS.filter((column) => !sheet.columns.includes(column));
  return [
    ...missing.map((column): ImportProblem => ({ line: 1, column, code: 'columnMissing', severity: 'error' })),
    ...sheet.unknownHeaders.map((header): ImportProblem => ({ line: 1, column: null, code: 'columnUnknown', severity: 'warning', values: { value: header } })),
  ];
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || (COLUMN_ORDER.get(a.column ?? '') ?? 99) - (COLUMN_ORDER.get(b.column ?? '') ?? 99));
}

function overdueBefore(now: Date, months: number): string {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

async function readUpload(deps: ImportDeps, upload: ImportUpload, progress: Progress): Promise<{ sheet: ReadSheet; rows: MappedRow[]; contents: FileContents }> {
  const sheet = await readSheet(upload.buffer, upload.fileName);
  progress({ total: sheet.rows.length });
  const context = { vocabulary: deps.vocabulary, region: deps.region, defaultSource: null };
  const rows: MappedRow[] = [];
  for (const row of sheet.rows) {
    rows.push(mapSheetRow(row.line, row.cells, context));
    // Let other requests in (the progress page, the status the page polls) while thousands of rows are read.
    if (rows.length % 200 === 0) {
      progress({ done: rows.length });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  progress({ done: rows.length });
  return { sheet, rows, contents: groupRows(rows) };
}

/** Reads the file and compares it with the directory; writes nothing. */
export async function previewImport(deps: ImportDeps, upload: ImportUpload, options: ImportOptions): Promise<ImportPreview> {
  const { sheet, rows, contents } = await readUpload(deps, upload, () => undefined);
  const state = await loadImportState(deps.db, contents);
  const plan = planImport(contents, state, { decisions: options.decisions, overdueBefore: overdueBefore(deps.clock(), deps.freshnessMonths) });
  const problems = sortProblems([...headerProblems(sheet), ...rows.flatMap((row) => row.problems), ...plan.problems]);
  return { fileName: upload.fileName, rows, plan, problems, skippedLines: rows.filter((row) => !row.valid).map((row) => row.line) };
}

/**
 * Imports the file: reads and plans it again (the directory may have changed
 * since the preview), then writes everything in one transaction. Any failure
 * rolls back the whole run; the search index follows through the outbox.
 */
export async function runImport(deps: ImportDeps, upload: ImportUpload, options: ImportOptions, actor: Actor, progress: Progress): Promise<ImportResult> {
  progress({ phase: 'reading' });
  const { sheet, rows, contents } = await readUpload(deps, upload, progress);
  if (headerProblems(sheet).some((problem) => problem.severity === 'error')) throw new ImportRefusedError('import.failed.columns');
  const now = deps.clock();
  const before = overdueBefore(now, deps.freshnessMonths);
  progress({ phase: 'writing', done: 0, total: contents.offers.length });
  const { plan, counts } = await deps.db.transaction(async (trx) => {
    const state = await loadImportState(trx, contents);
    const planned = planImport(contents, state, { decisions: options.decisions, overdueBefore: before });
    const written = await writeImportPlan(trx, planned, {
      taxonomy: deps.taxonomy,
      vocabulary: deps.vocabulary,
      now,
      status: options.publish ? 'published' : 'pending',
      actor,
      fileName: upload.fileName,
      stored: state.stored,
      overdueBefore: before,
      onProgress: (done) => progress({ done }),
    });
    return { plan: planned, counts: written };
  });
  deps.notifySearch();
  const warnings = rows.flatMap((row) => row.problems).filter((problem) => problem.severity === 'warning').length + plan.problems.length;
  return { counts, missing: plan.missing, overdue: plan.overdue, skippedLines: rows.filter((row) => !row.valid).map((row) => row.line), warnings };
}

/** The file cannot be imported as it is (for example a required column is missing). */
export class ImportRefusedError extends Error {
  constructor(readonly messageKey: string) {
    super(messageKey);
  }
}
