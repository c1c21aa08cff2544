import type { ColumnKey } from './import-columns.ts';

/** What is wrong with a cell; the page and the CLI turn it into a German sentence (`import.problem.<code>`). */
export interface ImportProblem {
  line: number;
  column: ColumnKey | null;
  code: string;
  severity: 'error' | 'warning';
  values?: Record<string, string | number>;
}

export type Precision = 'exact' | 'street' | 'postcode' | 'town';

export interface ImportSlot {
  weekday: number;
  opensAt: string;
  closesAt: string;
  everyOtherWeek: boolean;
}

/** An offer as one row describes it, independent of its place. */
export interface OfferDraft {
  externalId: string | null;
  source: string | null;
  title: string;
  summary: string;
  description: string;
  categories: string[];
  targetGroups: string[];
  languages: string[];
  format: 'in-person' | 'online' | 'hybrid';
  cost: 'free' | 'reduced' | 'paid' | 'unknown';
  costNote: string | null;
  ageMin: number | null;
  ageMax: number | null;
  schedule: ImportSlot[];
  byAppointment: boolean;
  scheduleNote: string | null;
  startDate: string | null;
  endDate: string | null;
  nextStartDate: string | null;
  rollingEntry: boolean;
  registrationRequired: boolean;
  registrationMethods: string[];
  registrationNote: string | null;
  bringAlong: string | null;
  interpreterOnRequest: boolean;
  childcare: boolean;
  womenOnly: boolean;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
  /** "Zuletzt geprüft" as YYYY-MM-DD; null when the file leaves it empty. */
  lastVerified: string | null;
}

export interface ProviderDraft {
  name: string;
  externalId: string | null;
  source: string | null;
}

export interface PlaceDraft {
  externalId: string | null;
  name: string;
  street: string;
  postcode: string;
  city: string;
  district: string;
  latitude: number;
  longitude: number;
  precision: Precision;
  addressOnRequest: boolean;
  stepFree: boolean;
}

/** One spreadsheet row read and checked; `valid` is false when an error keeps it out of the import. */
export interface MappedRow {
  line: number;
  offer: OfferDraft;
  provider: ProviderDraft;
  place: PlaceDraft | null;
  problems: ImportProblem[];
  valid: boolean;
}
