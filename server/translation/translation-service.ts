import { randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit-log.ts';
import type { TranslationConfig } from '../config/config.ts';
import type { Database } from '../db/db-connection.ts';
import { ConflictError, ValidationError } from '../errors/app-errors.ts';
import type { Offer } from '../offers/offer-types.ts';
import { isMachineLocale, type MachineLocale } from './translation-languages.ts';
import { enqueueTranslations, listBatch, type TranslationJobState } from './translation-repository.ts';

/** What routes and pages know of machine translation: its configuration (null: off) and how to wake the worker. */
export interface MachineTranslation {
  config: TranslationConfig | null;
  notify(): void;
}

export interface TranslationServiceDeps {
  db: Database;
  clock: () => Date;
  translation: MachineTranslation;
}

/** The chosen languages from a form: `locales` once or repeated; anything else is dropped. */
export function parseLocales(raw: unknown): MachineLocale[] {
  const values = (Array.isArray(raw) ? raw : [raw]).map(String).filter(isMachineLocale);
  return [...new Set(values)];
}

/**
 * Queues machine translations of an offer into the chosen languages as one
 * batch, for the progress page to follow; answers the batch id. The worker
 * decides per language (a human translation stays, an unsupported language
 * is reported), so this never waits for the service.
 */
export async function requestMachineTranslations(deps: TranslationServiceDeps, offer: Offer, rawLocales: unknown, actor: Actor): Promise<string> {
  if (!deps.translation.config) throw new ConflictError('translation.off');
  const locales = parseLocales(rawLocales);
  if (locales.length === 0) throw new ValidationError({ locales: 'translation.chooseLanguage' });
  const batch = randomBytes(8).toString('hex');
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    await enqueueTranslations(trx, locales.map((locale) => ({ offerId: offer.id, locale, reason: 'requested' as const, batch })), now);
    await recordAudit(trx, { actor, action: 'machine-translate', entity: 'offer', entityId: offer.id, details: { locales, batch, provider: deps.translation.config?.provider }, now });
  });
  deps.translation.notify();
  return batch;
}

/** The state of each language of a batch; an unknown batch has none. */
export async function readTranslationBatch(deps: Pick<TranslationServiceDeps, 'db'>, offerId: number, batch: string): Promise<TranslationJobState[]> {
  if (!/^[0-9a-f]{16}$/.test(batch)) return [];
  return listBatch(deps.db, offerId, batch);
}
