import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { StartupError } from '../config/config.ts';
import { MACHINE_LOCALES, type MachineLocale } from './translation-languages.ts';

const glossarySchema = z.object({
  terms: z.array(z.object({ de: z.string().min(1) }).catchall(z.string().min(1))).min(1),
});

export interface Glossary {
  /** German term → its translation, for one language. */
  entriesFor(locale: MachineLocale): Array<[string, string]>;
}

/** Reads data/translation/glossary.json; a broken file stops the start, since every translation would use it. */
export function loadGlossary(file: string): Glossary {
  let parsed: z.infer<typeof glossarySchema>;
  try {
    parsed = glossarySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new StartupError(`The translation glossary ${file} cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
  }
  const byLocale = new Map<MachineLocale, Array<[string, string]>>(
    MACHINE_LOCALES.map((locale) => [locale, parsed.terms.filter((term) => term[locale]).map((term): [string, string] => [term.de, term[locale]!])]),
  );
  return { entriesFor: (locale) => byLocale.get(locale) ?? [] };
}

/** DeepL's TSV entries: one "source<TAB>target" per line; tabs and line breaks inside a term are not allowed. */
export function toTsv(entries: Array<[string, string]>): string {
  return entries.map(([source, target]) => `${source.replace(/\s+/g, ' ')}\t${target.replace(/\s+/g, ' ')}`).join('\n');
}

export function hashOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n\u0000')).digest('hex').slice(0, 16);
}
