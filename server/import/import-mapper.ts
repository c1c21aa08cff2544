import type { Region } from '../region/region-config.ts';
import { COLUMN_HEADERS, type ColumnKey, type SheetRow } from './import-columns.ts';
import { readAge, readDate, readEmail, readUrl } from './import-cells.ts';
import { readPlace } from './import-place.ts';
import { parseWeeklySchedule } from './import-schedule.ts';
import { splitCell } from './import-text.ts';
import type { ImportProblem, MappedRow, OfferDraft } from './import-types.ts';
import type { ValueList, Vocabulary } from './import-vocabulary.ts';
import type { RegistrationMethod } from '../offers/offer-types.ts';

export interface MapperContext {
  vocabulary: Vocabulary;
  region: Region;
  /** The import's own source name, used when a row has no "Quelle". */
  defaultSource: string | null;
}

type Problem = Omit<ImportProblem, 'line'>;

const LIMITS: Partial<Record<ColumnKey, number>> = { title: 140, summary: 400, description: 10_000, provider: 200, costNote: 300, contactName: 120, phone: 60, scheduleNote: 500, registrationNote: 1000, bringAlong: 1000, placeName: 200, street: 200 };

/** A cell reader that collects problems for one row. */
class RowReader {
  readonly problems: Problem[] = [];
  constructor(readonly cells: SheetRow, private readonly context: MapperContext) {}

  text(column: ColumnKey): string {
    const value = this.cells[column];
    const limit = LIMITS[column];
    if (limit && value.length > limit) this.problems.push({ column, code: 'tooLong', severity: 'error', values: { max: limit } });
    return value;
  }

  optional(column: ColumnKey): string | null {
    return this.text(column) || null;
  }

  /** Values of a list cell; unknown ones are left out with a "meinten Sie" hint. */
  list(column: ColumnKey, list: ValueList): string[] {
    const found: string[] = [];
    for (const value of splitCell(this.cells[column])) {
      const lookup = this.context.vocabulary.lookup(list, value);
      if ('found' in lookup) found.push(...lookup.found.filter((slug) => !found.includes(slug)));
      else if (lookup.suggestion) this.problems.push({ column, code: 'unknownSuggest', severity: 'warning', values: { value, suggestion: this.context.vocabulary.display(list, lookup.suggestion, true) } });
      else this.problems.push({ column, code: 'unknownValue', severity: 'warning', values: { value } });
    }
    return found;
  }

  one<T extends string>(column: ColumnKey, list: ValueList, fallback: T): T {
    const values = this.list(column, list);
    if (values.length > 1) this.problems.push({ column, code: 'oneValue', severity: 'warning', values: { value: this.cells[column] } });
    return (values[0] as T | undefined) ?? fallback;
  }

  boolean(column: ColumnKey): boolean {
    const value = this.cells[column];
    if (value === '') return false;
    const read = this.context.vocabulary.boolean(value);
    if (read === undefined) this.problems.push({ column, code: 'notYesNo', severity: 'warning', values: { value } });
    return read ?? false;
  }

  date(column: ColumnKey): string | null {
    const value = this.cells[column];
    if (value === '') return null;
    const read = readDate(value);
    if (!read) this.problems.push({ column, code: 'badDate', severity: 'warning', values: { value } });
    return read ?? null;
  }

  age(column: ColumnKey): number | null {
    const value = this.cells[column];
    if (value === '') return null;
    const read = readAge(value);
    if (read === undefined) this.problems.push({ column, code: 'badAge', severity: 'warning', values: { value } });
    return read ?? null;
  }

  checked(column: ColumnKey, read: (cell: string) => string | undefined, code: string): string | null {
    const value = this.cells[column];
    if (value === '') return null;
    const result = read(value);
    if (!result) this.problems.push({ column, code, severity: 'warning', values: { value } });
    return result ?? null;
  }

  require(column: ColumnKey, present: boolean): void {
    if (!present) this.problems.push({ column, code: 'required', severity: 'error' });
  }
}

function readSchedule(reader: RowReader) {
  const parsed = parseWeeklySchedule(reader.cells.schedule);
  const everyOtherWeek = reader.boolean('everyOtherWeek') || parsed.everyOtherWeek;
  let scheduleNote = reader.optional('scheduleNote');
  if (parsed.unreadable) {
    reader.problems.push({ column: 'schedule', code: 'scheduleUnreadable', severity: 'warning', values: { value: parsed.unreadable } });
    scheduleNote = [parsed.unreadable, scheduleNote].filter(Boolean).join('; ');
  }
  return {
    schedule: parsed.slots.map((slot) => ({ ...slot, everyOtherWeek })),
    byAppointment: reader.boolean('byAppointment') || parsed.byAppointment,
    scheduleNote,
  };
}

function readOffer(reader: RowReader, context: MapperContext): OfferDraft {
  let languages = reader.list('languages', 'language');
  if (languages.length === 0) {
    reader.problems.push({ column: 'languages', code: 'noLanguage', severity: 'warning' });
    languages = ['de'];
  }
  const categories = reader.list('categories', 'category');
  reader.require('categories', categories.length > 0);
  let ageMin = reader.age('ageMin');
  let ageMax = reader.age('ageMax');
  if (ageMin !== null && ageMax !== null && ageMin > ageMax) {
    reader.problems.push({ column: 'ageMax', code: 'ageOrder', severity: 'warning' });
    [ageMin, ageMax] = [ageMax, ageMin];
  }
  const title = reader.text('title');
  reader.require('title', title.length >= 3);
  return {
    externalId: reader.optional('externalId'),
    source: reader.optional('source') ?? context.defaultSource,
    title,
    summary: reader.text('summary'),
    description: reader.text('description'),
    categories,
    targetGroups: reader.list('targetGroups', 'target'),
    languages,
    format: reader.one('format', 'format', 'in-person'),
    cost: reader.one('cost', 'cost', 'unknown'),
    costNote: reader.optional('costNote'),
    ageMin,
    ageMax,
    ...readSchedule(reader),
    startDate: reader.date('startDate'),
    endDate: reader.date('endDate'),
    nextStartDate: reader.date('nextStartDate'),
    rollingEntry: reader.boolean('rollingEntry'),
    registrationRequired: reader.boolean('registrationRequired'),
    // The registration list holds exactly REGISTRATION_METHODS (import-vocabulary.ts).
    registrationMethods: reader.list('registrationMethods', 'registration') as RegistrationMethod[],
    registrationNote: reader.optional('registrationNote'),
    bringAlong: reader.optional('bringAlong'),
    interpreterOnRequest: reader.boolean('interpreterOnRequest'),
    childcare: reader.boolean('childcare'),
    womenOnly: reader.boolean('womenOnly'),
    contactName: reader.optional('contactName'),
    phone: reader.optional('phone'),
    email: reader.checked('email', readEmail, 'badEmail'),
    url: reader.checked('url', readUrl, 'badUrl'),
    lastVerified: reader.date('lastVerified'),
  };
}

/** Reads one spreadsheet row into an offer, its provider and its place, with every problem by column. */
export function mapSheetRow(line: number, cells: SheetRow, context: MapperContext): MappedRow {
  const reader = new RowReader(cells, context);
  const offer = readOffer(reader, context);
  const providerName = reader.text('provider');
  reader.require('provider', providerName.length >= 2);
  let place: MappedRow['place'] = null;
  if (offer.format !== 'online') {
    const read = readPlace(cells, context.region, (column) => reader.boolean(column));
    reader.problems.push(...read.problems);
    place = read.place;
  }
  const problems = reader.problems.map((problem) => ({ line, ...problem }));
  return {
    line,
    offer,
    provider: { name: providerName, externalId: cells.providerExternalId || null, source: offer.source },
    place,
    problems,
    valid: !problems.some((problem) => problem.severity === 'error'),
  };
}

/** The column's header as the file names it, for messages. */
export const columnHeader = (column: ColumnKey | null): string => (column ? COLUMN_HEADERS[column] : '');
