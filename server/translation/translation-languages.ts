import type { TranslationConfig } from '../config/config.ts';

/** The UI languages besides German: the ones machine translation can fill. */
export const MACHINE_LOCALES = ['en', 'ar', 'fa', 'tr', 'uk', 'ru'] as const;
export type MachineLocale = (typeof MACHINE_LOCALES)[number];

export function isMachineLocale(value: string): value is MachineLocale {
  return (MACHINE_LOCALES as readonly string[]).includes(value);
}

/**
 * DeepL's target codes (developers.deepl.com, "Languages supported"). English
 * needs a variant; British English suits German-speaking Europe. Persian is
 * one of DeepL's beta languages, asked for with `enable_beta_languages`.
 */
const DEEPL_TARGETS: Record<MachineLocale, string> = { en: 'EN-GB', ar: 'AR', fa: 'FA', tr: 'TR', uk: 'UK', ru: 'RU' };
const DEEPL_BETA: ReadonlySet<MachineLocale> = new Set(['fa']);

export function deeplTarget(locale: MachineLocale): string {
  return DEEPL_TARGETS[locale];
}

export function isDeeplBeta(locale: MachineLocale): boolean {
  return DEEPL_BETA.has(locale);
}

/** Glossaries are made with the root language (EN, not EN-GB) and apply to its variants. */
export function deeplGlossaryLanguage(locale: MachineLocale): string {
  return deeplTarget(locale).split('-')[0]!.toLowerCase();
}

/** Why a language cannot be machine-translated with this configuration, as a locale key; null when it can. */
export function unsupportedReason(config: TranslationConfig, locale: MachineLocale): string | null {
  if (config.provider === 'deepl' && isDeeplBeta(locale) && !config.deeplBetaLanguages) return 'translation.unsupported.deeplBeta';
  return null;
}
