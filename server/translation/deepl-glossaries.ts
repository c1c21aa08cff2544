import type { TranslationConfig } from '../config/config.ts';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import type { DeeplRequest } from './deepl-client.ts';
import { TranslationError } from './translation-errors.ts';
import { hashOf, toTsv, type Glossary } from './translation-glossary.ts';
import { deeplGlossaryLanguage, isDeeplBeta, type MachineLocale } from './translation-languages.ts';

const SOURCE = 'de';

/**
 * One DeepL glossary per language pair, made through POST /v2/glossaries from
 * data/translation/glossary.json. Its id is kept in app_meta under a hash of
 * address, key and entries, so a restart reuses it and a changed glossary file
 * makes a new one. DeepL has glossaries for some pairs only
 * (GET /v2/glossary-language-pairs); other pairs are translated without one.
 */
export class DeeplGlossaries {
  private pairs: Promise<Set<string>> | undefined;
  /** Pairs DeepL would not make a glossary for in this process's life; tried again after a restart. */
  private readonly refused = new Set<string>();

  constructor(private readonly deps: { config: TranslationConfig; db: Database; logger: Logger; glossary: Glossary; request: DeeplRequest }) {}

  /** The glossary id for German → locale, made if needed; undefined where DeepL has no glossary for the pair. */
  async idFor(locale: MachineLocale): Promise<string | undefined> {
    const target = deeplGlossaryLanguage(locale);
    const entries = this.deps.glossary.entriesFor(locale);
    if (entries.length === 0 || isDeeplBeta(locale) || this.refused.has(target)) return undefined;
    if (!(await this.supportedPairs()).has(`${SOURCE}>${target}`)) return undefined;
    const tsv = toTsv(entries);
    const key = this.metaKey(target, tsv);
    const cached = await this.deps.db('app_meta').where({ key }).first('value');
    if (cached?.value) return cached.value as string;
    return this.create(target, tsv, key);
  }

  /** Drops the remembered glossary of a pair (DeepL no longer knows it). */
  async forget(locale: MachineLocale): Promise<void> {
    const target = deeplGlossaryLanguage(locale);
    await this.deps.db('app_meta').where({ key: this.metaKey(target, toTsv(this.deps.glossary.entriesFor(locale))) }).delete();
  }

  private metaKey(target: string, tsv: string): string {
    return `deepl-glossary:${SOURCE}-${target}:${hashOf(this.deps.config.url, this.deps.config.key ?? '', SOURCE, target, tsv)}`;
  }

  private supportedPairs(): Promise<Set<string>> {
    this.pairs ??= this.deps.request('GET', '/v2/glossary-language-pairs').then((answer) => {
      const list = (answer as { supported_languages?: Array<{ source_lang?: string; target_lang?: string }> } | null)?.supported_languages ?? [];
      return new Set(list.map((pair) => `${String(pair.source_lang).toLowerCase()}>${String(pair.target_lang).toLowerCase()}`));
    });
    // A failed look-up is asked again next time instead of being remembered.
    this.pairs.catch(() => (this.pairs = undefined));
    return this.pairs;
  }

  private async create(target: string, tsv: string, key: string): Promise<string | undefined> {
    try {
      const answer = (await this.deps.request('POST', '/v2/glossaries', {
        name: `Wegweiser ${SOURCE}-${target}`,
        source_lang: SOURCE,
        target_lang: target,
        entries: tsv,
        entries_format: 'tsv',
      })) as { glossary_id?: unknown } | null;
      const id = typeof answer?.glossary_id === 'string' ? answer.glossary_id : undefined;
      if (!id) throw new TranslationError('badAnswer', 'DeepL made a glossary without an id');
      await this.deps.db('app_meta').insert({ key, value: id }).onConflict('key').merge();
      return id;
    } catch (error) {
      // Only "DeepL will not make this glossary" falls back to none; a bad key or quota stops the translation too.
      if (!(error instanceof TranslationError) || (error.kind !== 'badRequest' && error.kind !== 'unsupported' && error.kind !== 'badAnswer')) throw error;
      this.refused.add(target);
      this.deps.logger.warn({ target, err: error.message }, 'DeepL glossary not made; translating without it');
      return undefined;
    }
  }
}
