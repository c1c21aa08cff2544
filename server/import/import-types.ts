import type { GeoPrecision, Offer } from '../offers/offer-types.ts';
import type { ColumnKey } from './import-columns.ts';

/** What is wrong with a cell; the page and the CLI turn it into a German sentence (`import.problem.<code>`). */
export interface ImportProblem {
  line: number;
  column: ColumnKey | null;
  code: string;
  severity: 'error' | 'warning';
  values?: Record<string, string | number>;
}

export type Precision = GeoPrecision;

export interface ImportSlot {
  weekday: number;
  opensAt: string;
  closesAt: string;
  everyOtherWeek: boolean;
}

/** An offer as one row describes it, independent of its place: the offer's own fields, with the sheet's slots and date. */
export type OfferDraft = Pick<
  Offer,
  | 'externalId' | 'source' | 'title' | 'summary' | 'description' | 'categories' | 'targetGroups' | 'languages' | 'format' | 'cost'
  | 'costNote' | 'ageMin' | 'ageMax' | 'byAppointment' | 'scheduleNote' | 'startDate' | 'endDate' | 'nextStartDate' | 'rollingEntry'
  | 'registrationRequired' | 'registrationMethods' | 'registrationNote' | 'bringAlong' | 'interpreterOnRequest' | 'childcare'
  | 'womenOnly' | 'contactName' | 'phone' | 'email' | 'url'
> & {
  schedule: ImportSlot[];
  /** "Zuletzt geprüft" as YYYY-MM-DD; null when the file leaves it empty. */
  lastVerified: string | null;
};

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
