import type { Knex } from 'knex';
import type { MachineProvenance, OfferTranslation } from './offer-types.ts';

export interface OfferTranslationRow {
  offer_id: number;
  locale: string;
  title: string;
  summary: string;
  description: string;
  registration_note: string | null;
  bring_along: string | null;
  machine: number | boolean;
  machine_provider: string | null;
  machine_made_at: string | null;
  source_hash: string | null;
}

export function toOfferTranslation(row: OfferTranslationRow): OfferTranslation {
  const translation: OfferTranslation = {
    locale: row.locale,
    title: row.title,
    summary: row.summary,
    description: row.description,
    registrationNote: row.registration_note ?? null,
    bringAlong: row.bring_along ?? null,
  };
  // Human translations carry no key at all, so they read exactly as before provenance existed.
  if (row.machine) translation.machine = { provider: row.machine_provider ?? '', madeAt: row.machine_made_at ?? '', sourceHash: row.source_hash ?? '' };
  return translation;
}

export function toTranslationColumns(offerId: number, translation: OfferTranslation) {
  const machine = translation.machine;
  return {
    offer_id: offerId,
    locale: translation.locale,
    title: translation.title,
    summary: translation.summary,
    description: translation.description,
    registration_note: translation.registrationNote ?? null,
    bring_along: translation.bringAlong ?? null,
    machine: machine !== undefined,
    machine_provider: machine?.provider ?? null,
    machine_made_at: machine?.madeAt ?? null,
    source_hash: machine?.sourceHash ?? null,
  };
}

function sameText(a: OfferTranslation, b: OfferTranslation): boolean {
  // Browsers send a textarea's line breaks as CRLF: a form round trip must not turn a machine translation into a human one.
  const norm = (value: string | null | undefined) => (value ?? '').replace(/\r\n?/g, '\n').trim();
  return (['title', 'summary', 'description', 'registrationNote', 'bringAlong'] as const).every((field) => norm(a[field]) === norm(b[field]));
}

/**
 * The translations to store when an offer's content is replaced. Forms and
 * revisions carry translations as plain text, so provenance is decided here:
 * a translation identical to the stored machine one stays machine-made; a
 * changed one is a human translation now (and the job never touches it again);
 * a stored machine translation the input does not mention is kept, so a
 * revision written before it was made does not remove it.
 */
export function mergeTranslations(stored: OfferTranslation[], incoming: OfferTranslation[]): OfferTranslation[] {
  const machineByLocale = new Map(stored.filter((t) => t.machine).map((t) => [t.locale, t.machine as MachineProvenance]));
  const storedByLocale = new Map(stored.map((t) => [t.locale, t]));
  const merged = incoming.map((translation): OfferTranslation => {
    const { machine: given, ...text } = translation;
    const before = storedByLocale.get(translation.locale);
    const kept = given ?? (before && machineByLocale.has(translation.locale) && sameText(before, translation) ? machineByLocale.get(translation.locale) : undefined);
    return kept ? { ...text, machine: kept } : text;
  });
  const mentioned = new Set(incoming.map((t) => t.locale));
  return [...merged, ...stored.filter((t) => t.machine && !mentioned.has(t.locale))];
}

/** Replaces an offer's translations, keeping machine provenance as `mergeTranslations` decides. */
export async function replaceOfferTranslations(trx: Knex.Transaction, offerId: number, incoming: OfferTranslation[]): Promise<void> {
  const rows = await trx<OfferTranslationRow>('offer_translations').where({ offer_id: offerId });
  const merged = mergeTranslations(rows.map(toOfferTranslation), incoming);
  await trx('offer_translations').where({ offer_id: offerId }).delete();
  if (merged.length > 0) await trx('offer_translations').insert(merged.map((t) => toTranslationColumns(offerId, t)));
}
