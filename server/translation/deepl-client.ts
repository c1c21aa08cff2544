import type { TranslationConfig } from '../config/config.ts';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import { DeeplGlossaries } from './deepl-glossaries.ts';
import { answerDetail, fetchService, TranslationError, type TranslationFailure } from './translation-errors.ts';
import type { Glossary } from './translation-glossary.ts';
import { deeplTarget, isDeeplBeta, type MachineLocale } from './translation-languages.ts';
import type { TranslationClient } from './translation-client.ts';

/**
 * DeepL's documented status codes (developers.deepl.com, "Error handling"):
 * 403 a wrong key, 456 the character quota is used up, 429 too many requests,
 * 5xx and 529 the service is busy or away.
 */
export function deeplFailure(status: number, detail: string): TranslationError {
  const kind: TranslationFailure =
    status === 401 || status === 403 ? 'auth'
      : status === 456 ? 'quota'
        : status === 429 ? 'rateLimit'
          : status >= 500 ? 'unavailable'
            : /target_lang|not supported|unsupported/i.test(detail) ? 'unsupported'
              : 'badRequest';
  return new TranslationError(kind, `DeepL answered ${detail}`, status);
}

/** A JSON request to DeepL with the key in the documented header; a refusal becomes a TranslationError. */
export function deeplRequester(config: TranslationConfig) {
  return async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    const response = await fetchService(`${config.url}${path}`, {
      method,
      headers: { Authorization: `DeepL-Auth-Key ${config.key ?? ''}`, 'Content-Type': 'application/json', 'User-Agent': 'Wegweiser/1.0' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw deeplFailure(response.status, await answerDetail(response));
    if (response.status === 204) return null;
    return response.json().catch(() => {
      throw new TranslationError('badAnswer', `DeepL answered ${response.status} without JSON`, response.status);
    });
  };
}

export type DeeplRequest = ReturnType<typeof deeplRequester>;

function translatedTexts(answer: unknown, expected: number): string[] {
  const translations = (answer as { translations?: Array<{ text?: unknown }> } | null)?.translations;
  if (!Array.isArray(translations) || translations.length !== expected || translations.some((t) => typeof t?.text !== 'string')) {
    throw new TranslationError('badAnswer', `DeepL answered without ${expected} translations`);
  }
  return translations.map((t) => t.text as string);
}

/** DeepL API v2: POST /v2/translate, German source, with the glossary of the language pair where DeepL has one. */
export function createDeeplClient(config: TranslationConfig, deps: { db: Database; logger: Logger; glossary: Glossary }): TranslationClient {
  const request = deeplRequester(config);
  const glossaries = new DeeplGlossaries({ config, db: deps.db, logger: deps.logger, glossary: deps.glossary, request });
  const translateWith = async (texts: string[], locale: MachineLocale, glossaryId: string | undefined) =>
    translatedTexts(
      await request('POST', '/v2/translate', {
        text: texts,
        source_lang: 'DE',
        target_lang: deeplTarget(locale),
        ...(glossaryId ? { glossary_id: glossaryId } : {}),
        ...(isDeeplBeta(locale) ? { enable_beta_languages: true } : {}),
      }),
      texts.length,
    );
  return {
    provider: 'deepl',
    async translate(texts, locale) {
      if (texts.length === 0) return [];
      const glossaryId = config.glossary ? await glossaries.idFor(locale) : undefined;
      try {
        return await translateWith(texts, locale, glossaryId);
      } catch (error) {
        // A glossary deleted in the DeepL account: forget it and translate once more with a new one.
        if (!glossaryId || !(error instanceof TranslationError) || error.kind !== 'badRequest') throw error;
        await glossaries.forget(locale);
        return translateWith(texts, locale, await glossaries.idFor(locale));
      }
    },
  };
}
