import type { Location } from '../offers/offer-types.ts';
import type { PlaceForm } from '../providers/place-input.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { Translate } from '../web/view-context.ts';
import type { OfferFormDetails } from './offer-form-details.ts';

// The offer form's shapes, shared by the mapper (values) and the error messages, so neither imports the other.

/**
 * What the form sends, shaped like the service input. Values a schema would
 * reject (a weekday "", an age "zwölf") are kept as typed, so the schema names
 * them and the form can show them again. Course dates and registration: see offer-form-details.ts.
 */
export interface OfferFormInput extends OfferFormDetails {
  title: string;
  summary: string;
  description: string;
  cost: string | undefined;
  costNote: string | null;
  ageMin: number | string | null;
  ageMax: number | string | null;
  format: string | undefined;
  byAppointment: boolean;
  registrationRequired: boolean;
  childcare: boolean;
  womenOnly: boolean;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
  validFrom: string | null;
  validUntil: string | null;
  categories: string[];
  targetGroups: string[];
  languages: string[];
  schedule: Array<{ weekday: number | string; opensAt: string; closesAt: string; everyOtherWeek?: boolean }>;
  translations: Array<{ locale: string; title: string; summary: string; description: string; registrationNote?: string | null; bringAlong?: string | null }>;
  locationIds: Array<number | string>;
  /** A new address typed below the organisation's places; all empty when none. */
  place: PlaceForm;
}

export interface OfferFormContext {
  taxonomy: Taxonomy;
  /** The UI language, for labels and weekday names. */
  locale: string;
  /** The provider's places, the only ones the offer may be held at. */
  locations: Location[];
  /** Given when the form offers to type a new address (not on the staff form). */
  region?: Region;
  /** For sentences in the values (an address given on request); without it such a place shows its town only. */
  t?: Translate;
}

/** What the form shows for a rejected input: messages by place, the inputs to mark, and the summary's links. */
export interface OfferFormProblems {
  /** Message per input id ("title"), group ("categories"), schedule row ("schedule-0") or translation field ("translation-en-title"). */
  messages: Record<string, string>;
  /** Input ids to mark with aria-invalid. */
  invalid: Record<string, boolean>;
  /** One entry per message, in form order, linking to the first input it concerns. */
  summary: Array<{ href: string; text: string }>;
}
