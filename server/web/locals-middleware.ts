import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { Region } from '../region/region-config.ts';

/** Values every page needs: translation, language and direction, the region, the language switcher. */
export function createLocalsMiddleware(options: { region: Region; locales: string[]; i18n: i18n; tiles: { url: string; attribution: string } }): RequestHandler {
  return (request, response, next) => {
    // resolvedLanguage is always a supported locale ("en" for "en-US"), so labels and <html lang> agree.
    const i18nRequest = request as { i18n?: { resolvedLanguage?: string } };
    const lang = i18nRequest.i18n?.resolvedLanguage ?? 'de';
    const fixedT = options.i18n.getFixedT(lang);
    response.locals.t = (key: string, values?: Record<string, unknown>) => fixedT(key, values);
    response.locals.lang = lang;
    response.locals.dir = options.i18n.dir(lang);
    response.locals.region = options.region;
    response.locals.currentPath = request.path;
    response.locals.tiles = options.tiles;
    // The language switcher keeps the current search: every parameter but lang.
    const kept = new URLSearchParams(request.url.split('?')[1] ?? '');
    kept.delete('lang');
    response.locals.languageQuery = kept.size > 0 ? `${kept.toString()}&` : '';
    response.locals.locales = options.locales.map((locale) => ({
      code: locale,
      name: options.i18n.getFixedT(locale)('language.nativeName'),
      current: locale === lang,
    }));
    next();
  };
}
