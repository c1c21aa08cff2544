import type { TranslationConfig } from '../config/config.ts';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import { createDeeplClient } from './deepl-client.ts';
import { createLibreTranslateClient } from './libretranslate-client.ts';
import { loadGlossary } from './translation-glossary.ts';
import type { MachineLocale } from './translation-languages.ts';

/** A machine translation service: German texts in, the same number of texts in `locale` out, or a TranslationError. */
export interface TranslationClient {
  provider: 'deepl' | 'libretranslate';
  translate(texts: string[], locale: MachineLocale): Promise<string[]>;
}

/** The client of the configured provider; the glossary file is read at start, so a broken one stops it. */
export function createTranslationClient(config: TranslationConfig, deps: { db: Database; logger: Logger }): TranslationClient {
  if (config.provider === 'libretranslate') return createLibreTranslateClient(config);
  return createDeeplClient(config, { ...deps, glossary: loadGlossary(config.glossaryFile) });
}
