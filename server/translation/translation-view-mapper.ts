import type { TranslationConfig } from '../config/config.ts';
import type { Offer, OfferTranslation } from '../offers/offer-types.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { Translate } from '../web/view-context.ts';
import { failureKindOf } from './translation-errors.ts';
import { MACHINE_LOCALES, unsupportedReason, type MachineLocale } from './translation-languages.ts';
import type { TranslationJobState } from './translation-repository.ts';

interface LabelContext {
  taxonomy: Taxonomy;
  locale: string;
  t: Translate;
}

function languageOf(locale: string, ctx: LabelContext) {
  const term = ctx.taxonomy.get('language', locale);
  return { locale, language: ctx.taxonomy.label('language', locale, ctx.locale), native: String(term?.attributes.native ?? locale), dir: term?.attributes.dir === 'rtl' ? 'rtl' : 'ltr' };
}

function providerName(config: TranslationConfig): string {
  return config.provider === 'deepl' ? 'DeepL' : 'LibreTranslate';
}

/**
 * The "Maschinell übersetzen" box of an offer's edit page: a checkbox per UI
 * language, ticked where no human translation exists; a language the service
 * cannot do is shown, unticked and disabled, with the reason. Off, it is one
 * sentence saying how to switch it on.
 */
export function toTranslationPanel(config: TranslationConfig | null, offer: Offer, action: string, ctx: LabelContext) {
  if (!config) return { on: false, action, offText: ctx.t('translation.panel.off') };
  const byLocale = new Map(offer.translations.map((translation) => [translation.locale, translation]));
  return {
    on: true,
    action,
    lead: ctx.t('translation.panel.lead', { provider: providerName(config) }),
    glossaryNote: ctx.t(config.provider === 'deepl' && config.glossary ? 'translation.panel.glossaryDeepl' : 'translation.panel.glossaryNone'),
    languages: MACHINE_LOCALES.map((locale) => {
      const existing = byLocale.get(locale);
      const reason = unsupportedReason(config, locale);
      const state = !existing ? 'missing' : existing.machine ? 'machine' : 'human';
      return {
        ...languageOf(locale, ctx),
        id: `machine-translate-${locale}`,
        checked: !reason && state !== 'human',
        disabled: reason !== null,
        note: reason ? ctx.t(reason) : ctx.t(`translation.panel.state.${state}`),
      };
    }),
  };
}

/** A refusal of our own carries its sentence's key ("unsupported: translation.unsupported.deeplBeta"); a service's error its kind. */
function reasonKey(lastError: string | null, kind: string): string {
  const detail = lastError?.slice(lastError.indexOf(':') + 1).trim() ?? '';
  return /^translation\.unsupported\.\w+$/.test(detail) ? detail : `translation.errors.${kind}`;
}

/** The progress page of a batch: per language made, waiting, retrying or failed with the reason in words. */
export function toTranslationProgress(states: TranslationJobState[], ctx: LabelContext) {
  const rows = states.map((state) => {
    const kind = failureKindOf(state.lastError);
    const status = state.outcome ?? (kind ? 'retrying' : 'waiting');
    return {
      ...languageOf(state.locale, ctx),
      status,
      statusText: ctx.t(`translation.progress.${status}`),
      reason: kind && status !== 'made' ? ctx.t(reasonKey(state.lastError, kind)) : null,
    };
  });
  const finished = rows.every((row) => !['waiting', 'retrying'].includes(row.status));
  return {
    rows,
    finished,
    made: rows.filter((row) => row.status === 'made').length,
    failed: rows.filter((row) => row.status === 'failed' || row.status === 'unsupported').length,
  };
}

/**
 * The notice above a machine-translated offer text: "maschinell übersetzt",
 * and the German original one click away (a disclosure on the same page, so
 * the reader keeps their language). Null for German and human translations.
 */
export function toMachineTranslationNotice(offer: Offer, translation: OfferTranslation | undefined, ctx: { t: Translate }, renderHtml: (markdown: string) => string) {
  if (!translation?.machine) return null;
  return {
    text: ctx.t('translation.notice.text'),
    showOriginal: ctx.t('translation.notice.showOriginal'),
    original: { title: offer.title, summary: offer.summary, descriptionHtml: renderHtml(offer.description) },
  };
}

export type { MachineLocale };
