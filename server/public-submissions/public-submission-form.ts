import { toOfferFormProblems, type OfferFormRejection } from '../submissions/offer-form-errors.ts';
import type { OfferFormContext, OfferFormInput, OfferFormProblems } from '../submissions/offer-form-types.ts';
import { SUBMITTER_FIELDS } from './public-submission-service.ts';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export type PublicFormProblems = OfferFormProblems;

/**
 * The messages for the form without an account: the submitter's fields first
 * (they come first in the form), then the offer's and the address's as the
 * providers' form words them.
 */
export function toPublicFormProblems(rejection: OfferFormRejection, input: OfferFormInput, ctx: OfferFormContext, t: Translate): PublicFormProblems {
  const { fields } = rejection;
  const submitterFields: string[] = SUBMITTER_FIELDS.filter((field) => fields[field] !== undefined);
  const offerFields = Object.fromEntries(Object.entries(fields).filter(([field]) => !submitterFields.includes(field)));
  const offer = Object.keys(offerFields).length > 0 ? toOfferFormProblems({ fields: offerFields, issues: rejection.issues }, input, ctx, t) : { messages: {}, invalid: {}, summary: [] };
  const problems: PublicFormProblems = { messages: { ...offer.messages }, invalid: { ...offer.invalid }, summary: [] };
  for (const field of submitterFields) {
    const text = t(fields[field]!);
    problems.messages[field] = text;
    problems.invalid[field] = true;
    problems.summary.push({ href: `#${field}`, text });
  }
  problems.summary.push(...offer.summary);
  return problems;
}
