import type { TranslationConfig } from '../config/config.ts';
import { answerDetail, fetchService, TranslationError, type TranslationFailure } from './translation-errors.ts';
import type { TranslationClient } from './translation-client.ts';

/** LibreTranslate's documented answers: 400 a bad request (or a language it lacks), 403 a wrong or missing key, 429 slow down, 500 a failed translation. */
function libreFailure(status: number, detail: string): TranslationError {
  const kind: TranslationFailure =
    status === 401 || status === 403 ? 'auth'
      : status === 429 ? 'rateLimit'
        : status >= 500 ? 'unavailable'
          : /not supported|unsupported/i.test(detail) ? 'unsupported'
            : 'badRequest';
  return new TranslationError(kind, `LibreTranslate answered ${detail}`, status);
}

/**
 * LibreTranslate: POST /translate with {q, source, target, format, api_key}.
 * It has no glossary feature, so glossary terms are not enforced (said in the
 * README and the architecture page).
 */
export function createLibreTranslateClient(config: TranslationConfig): TranslationClient {
  return {
    provider: 'libretranslate',
    async translate(texts, locale) {
      if (texts.length === 0) return [];
      const response = await fetchService(`${config.url}/translate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ q: texts, source: 'de', target: locale, format: 'text', ...(config.key ? { api_key: config.key } : {}) }),
      });
      if (!response.ok) throw libreFailure(response.status, await answerDetail(response));
      const answer = (await response.json().catch(() => null)) as { translatedText?: unknown } | null;
      const translated = answer?.translatedText;
      if (!Array.isArray(translated) || translated.length !== texts.length || translated.some((text) => typeof text !== 'string')) {
        throw new TranslationError('badAnswer', `LibreTranslate answered without ${texts.length} translations`);
      }
      return translated as string[];
    },
  };
}
