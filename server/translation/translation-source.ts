import { createHash } from 'node:crypto';
import type { Offer, OfferTranslation } from '../offers/offer-types.ts';

/** The German fields a machine translation covers, in the order they are sent. */
export const TRANSLATED_FIELDS = ['title', 'summary', 'description', 'registrationNote', 'bringAlong'] as const;
export type TranslatedField = (typeof TRANSLATED_FIELDS)[number];

export type GermanSource = Pick<Offer, 'title' | 'summary' | 'description'> & { registrationNote?: string | null; bringAlong?: string | null };

/** The German texts, empty ones as ''. */
export function germanTexts(offer: GermanSource): Record<TranslatedField, string> {
  return {
    title: offer.title,
    summary: offer.summary,
    description: offer.description,
    registrationNote: offer.registrationNote ?? '',
    bringAlong: offer.bringAlong ?? '',
  };
}

/** A short hash of the German texts: a machine translation made from another hash is stale. */
export function sourceHash(offer: GermanSource): string {
  const texts = germanTexts(offer);
  return createHash('sha256').update(JSON.stringify(TRANSLATED_FIELDS.map((field) => texts[field].trim()))).digest('hex').slice(0, 16);
}

/** The non-empty German texts to send, and how to put the answers back into a translation. */
export function translationRequest(offer: GermanSource): { texts: string[]; assemble: (locale: string, answers: string[]) => Omit<OfferTranslation, 'machine'> } {
  const german = germanTexts(offer);
  const fields = TRANSLATED_FIELDS.filter((field) => german[field].trim() !== '');
  return {
    texts: fields.map((field) => german[field]),
    assemble: (locale, answers) => {
      const value = (field: TranslatedField) => {
        const index = fields.indexOf(field);
        return index === -1 ? '' : (answers[index] ?? '').trim();
      };
      return {
        locale,
        title: value('title'),
        summary: value('summary'),
        description: value('description'),
        registrationNote: value('registrationNote') || null,
        bringAlong: value('bringAlong') || null,
      };
    },
  };
}
