import { REGISTRATION_METHODS, type RegistrationMethod } from '../offers/offer-types.ts';

/**
 * The offer form's parts for course dates, times notes and registration:
 * read from the urlencoded body and shown again. Kept apart from the form
 * mapper so each stays readable.
 */

type Body = Record<string, unknown>;

function text(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

function optional(value: unknown): string | null {
  const trimmed = text(value).trim();
  return trimmed === '' ? null : trimmed;
}

function flag(value: unknown): boolean {
  return text(value) !== '';
}

/** Fields of the form beyond the original ones, shaped like the service input; unknown methods are kept for the schema to name. */
export interface OfferFormDetails {
  scheduleNote: string | null;
  startDate: string | null;
  endDate: string | null;
  nextStartDate: string | null;
  rollingEntry: boolean;
  registrationMethods: string[];
  registrationNote: string | null;
  bringAlong: string | null;
  interpreterOnRequest: boolean;
}

export function readOfferFormDetails(form: Body): OfferFormDetails {
  const methods = Array.isArray(form.registrationMethods) ? form.registrationMethods : [form.registrationMethods];
  return {
    scheduleNote: optional(form.scheduleNote),
    startDate: optional(form.startDate),
    endDate: optional(form.endDate),
    nextStartDate: optional(form.nextStartDate),
    rollingEntry: flag(form.rollingEntry),
    registrationMethods: [...new Set(methods.filter((item): item is string => typeof item === 'string' && item !== ''))],
    registrationNote: optional(form.registrationNote),
    bringAlong: optional(form.bringAlong),
    interpreterOnRequest: flag(form.interpreterOnRequest),
  };
}

const fieldText = (value: string | null | undefined) => value ?? '';

/** What the template shows for these parts. */
export function toOfferFormDetailValues(input: Partial<OfferFormDetails>) {
  const chosen = new Set(input.registrationMethods ?? []);
  return {
    scheduleNote: fieldText(input.scheduleNote),
    startDate: fieldText(input.startDate),
    endDate: fieldText(input.endDate),
    nextStartDate: fieldText(input.nextStartDate),
    rollingEntry: input.rollingEntry === true,
    registrationMethods: REGISTRATION_METHODS.map((method: RegistrationMethod) => ({
      value: method,
      id: `registrationMethod-${method}`,
      labelKey: `offer.registrationMethod.${method}`,
      checked: chosen.has(method),
    })),
    registrationNote: fieldText(input.registrationNote),
    bringAlong: fieldText(input.bringAlong),
    interpreterOnRequest: input.interpreterOnRequest === true,
  };
}
