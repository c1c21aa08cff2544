import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { Region } from '../region/region-config.ts';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * A translator per locale, memoised: a page makes a few hundred calls, and
 * i18next's per-call work dominated the page's CPU time (measured). A call with
 * values is kept under its key and values (counts repeat: facet counts are
 * small numbers); the memo is emptied when it grows past a bound. The files are
 * loaded once at start, so it never goes stale.
 */
const MEMO_LIMIT = 20_000;

function memoisedTranslators(i18n: i18n, locales: string[]): Map<string, Translate> {
  const translators = new Map<string, Translate>();
  for (const locale of locales) {
    const fixedT = i18n.getFixedT(locale);
    const memo = new Map<string, string>();
    translators.set(locale, (key, values) => {
      const withValues = values !== undefined && Object.keys(values).length > 0;
      const memoKey = withValues ? `${key}\u0000${JSON.stringify(values)}` : key;
      let text = memo.get(memoKey);
      if (text === undefined) {
        text = withValues ? fixedT(key, values) : fixedT(key);
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(memoKey, text);
      }
      return text;
    });
  }
  return translators;
}

/** The language part of a detected tag ("ar" for "ar-SY"); German when nothing was detected. */
const primaryLanguage = (tag: string | undefined) => (tag ?? 'de').toLowerCase().split('-')[0]!;

interface LanguageDetector {
  detect(request: unknown, response: unknown, order?: string[]): string | undefined;
  cacheUserLanguage(request: unknown, response: unknown, language: string): void;
}

/**
 * Values every page needs: translation, language and direction, the region, the
 * language switcher. The language comes from `?lang=` (shareable links), then
 * the cookie that a `?lang=` choice sets, then Accept-Language; German otherwise.
 * Only the detector of i18next-http-middleware is used: its request handler
 * cloned the i18next instance on every request, a measured share of page time.
 */
export function createLocalsMiddleware(options: {
  region: Region;
  locales: string[];
  i18n: i18n;
  tiles: { url: string; attribution: string };
  demo?: boolean;
  /** Paths whose language comes from `?lang=` alone (German otherwise): no cookie is read or set. */
  addressLanguageOnly?: RegExp;
}): RequestHandler {
  const translators = memoisedTranslators(options.i18n, options.locales);
  const switcher = options.locales.map((locale) => ({ code: locale, name: translators.get(locale)!('language.nativeName') }));
  const directions = new Map(options.locales.map((locale) => [locale, options.i18n.dir(locale)]));
  const detector = options.i18n.services.languageDetector as LanguageDetector;
  return (request, response, next) => {
    // An embedded list shows the language its snippet names, on any visitor's screen, and sets no cookie.
    const addressOnly = options.addressLanguageOnly?.test(request.path) ?? false;
    const detected = addressOnly ? primaryLanguage(typeof request.query.lang === 'string' ? request.query.lang : undefined) : primaryLanguage(detector.detect(request, response));
    const lang = translators.has(detected) ? detected : 'de';
    // Remember a choice only when it differs from what the cookie or the browser would give anyway
    // (pages keep ?lang= in their address, so most addresses carry the language they were guessed in).
    if (!addressOnly && (request as { i18nextLookupName?: string }).i18nextLookupName === 'querystring') {
      const guess = primaryLanguage(detector.detect(request, response, ['cookie', 'header']));
      if (guess !== lang) detector.cacheUserLanguage(request, response, lang);
    }
    response.setHeader('Content-Language', lang);
    if (!addressOnly) response.setHeader('Vary', 'Accept-Language, Cookie');
    response.locals.t = translators.get(lang)!;
    response.locals.lang = lang;
    response.locals.dir = directions.get(lang) ?? 'ltr';
    response.locals.region = options.region;
    response.locals.currentPath = request.path;
    response.locals.tiles = options.tiles;
    // The demo notice only where the invented demo directory is served, never on real data.
    response.locals.demo = options.demo ?? false;
    // The language switcher keeps the current search: every parameter but lang.
    const kept = new URLSearchParams(request.url.split('?')[1] ?? '');
    kept.delete('lang');
    response.locals.languageQuery = kept.size > 0 ? `${kept.toString()}&` : '';
    response.locals.locales = switcher.map((entry) => ({ ...entry, current: entry.code === lang }));
    next();
  };
}
