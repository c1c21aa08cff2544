import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LanguageDetector } from 'i18next-http-middleware';

export type { TFunction };

const localesDir = path.join(import.meta.dirname, 'locales');

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number format per locale, made once: Persian digits in Farsi, 1.234 in German. */
export function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
}

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * "A, B und C" joined as the language joins lists. Arabic uses CLDR's unit list,
 * which keeps the Arabic comma ("A، وB، وC"); its conjunction list drops it.
 */
export function formatList(items: string[], locale: string): string {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, locale === 'ar' ? { type: 'unit', style: 'long' } : { type: 'conjunction', style: 'long' });
    listFormats.set(locale, format);
  }
  return format.format(items);
}

/** UI locales that have a translation file, German first. */
export function availableLocales(): string[] {
  const found = readdirSync(localesDir).filter((name) => name.endsWith('.json')).map((name) => name.replace(/\.json$/, ''));
  return ['de', ...found.filter((locale) => locale !== 'de').sort()];
}

/**
 * Creates the i18next instance for the web app: language from `?lang=` (so links
 * can be shared), then the cookie it sets, then Accept-Language; German fallback.
 */
export async function createI18n(): Promise<i18n> {
  const locales = availableLocales();
  const resources = Object.fromEntries(
    locales.map((locale) => [locale, { translation: JSON.parse(readFileSync(path.join(localesDir, `${locale}.json`), 'utf8')) }]),
  );
  const instance = i18next.createInstance();
  await instance.use(LanguageDetector).init({
    resources,
    supportedLngs: locales,
    fallbackLng: 'de',
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    // Numbers in sentences follow the language: "1.234 Angebote", "۱٬۲۳۴ برنامه".
    interpolation: { escapeValue: false, alwaysFormat: true, format: (value: unknown, _format: unknown, lng: string | undefined) => (typeof value === 'number' ? numberFormat(lng ?? 'de').format(value) : (value as string)) },
    returnNull: false,
    showSupportNotice: false,
    detection: {
      order: ['querystring', 'cookie', 'header'],
      lookupQuerystring: 'lang',
      lookupCookie: 'lang',
      caches: ['cookie'],
      cookieSameSite: 'lax',
      cookieSecure: false,
    },
  });
  return instance;
}
