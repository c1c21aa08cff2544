import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { closestMatch, foldText } from './import-text.ts';

/** The value lists a cell can name; the first three come from the taxonomy. */
export type ValueList = 'category' | 'target' | 'language' | 'cost' | 'registration' | 'format';

/**
 * The file's own words for the fixed values (the template's second sheet and
 * the export write these). They are part of the German file format, like the
 * column headers.
 */
export const FIXED_VALUE_LABELS: Record<'cost' | 'registration' | 'format', Record<string, string>> = {
  cost: { free: 'kostenlos', reduced: 'ermäßigt', paid: 'kostenpflichtig', unknown: 'unbekannt / bitte erfragen' },
  registration: { 'walk-in': 'ohne Anmeldung vorbeikommen', phone: 'Telefon', email: 'E-Mail', online: 'Online-Formular', counsellor: 'über eine Beratungsstelle' },
  format: { 'in-person': 'vor Ort', online: 'online', hybrid: 'vor Ort und online' },
};

const synonymsSchema = z.object({
  category: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  target: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  language: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  cost: z.record(z.string(), z.string()),
  registration: z.record(z.string(), z.string()),
  format: z.record(z.string(), z.string()),
  boolean: z.record(z.string(), z.boolean()),
  providerKind: z.record(z.string(), z.string()),
});
export type ImportSynonyms = z.infer<typeof synonymsSchema>;

/** Reads data/import/synonyms.json (checked, so a typo in the file stops the start). */
export function readImportSynonyms(projectRoot: string): ImportSynonyms {
  const file = path.join(projectRoot, 'data', 'import', 'synonyms.json');
  return synonymsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export type Lookup = { found: string[] } | { unknown: true; suggestion: string | undefined };

/** Matches cell values against one value list: exact (folded) words first, then a close suggestion. */
export interface Vocabulary {
  lookup(list: ValueList, value: string): Lookup;
  /** How a value is written in the file (its German label); `withCode` adds a language's code, for suggestions. */
  display(list: ValueList, slug: string, withCode?: boolean): string;
  boolean(value: string): boolean | undefined;
  /** A provider kind guessed from words of its name ("Caritas…" → welfare association); "club" otherwise. */
  providerKind(name: string): string;
}

function addWord(index: Map<string, string[]>, word: string, slugs: string | string[]): void {
  const key = foldText(word);
  if (key !== '' && !index.has(key)) index.set(key, Array.isArray(slugs) ? slugs : [slugs]);
}

function indexTaxonomy(taxonomy: Taxonomy, list: 'category' | 'target' | 'language', synonyms: ImportSynonyms): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const terms = taxonomy.terms(list);
  // German first: when two languages share a word, the German label wins.
  for (const term of terms) addWord(index, term.labels.de ?? term.slug, term.slug);
  for (const [word, slugs] of Object.entries(synonyms[list])) addWord(index, word, slugs);
  for (const term of terms) {
    addWord(index, term.slug, term.slug);
    if (list === 'language') addWord(index, String(term.attributes.native ?? ''), term.slug);
    for (const label of Object.values(term.labels)) addWord(index, label, term.slug);
    // "Kurdisch (Sorani)" is also found as "Kurdisch Sorani"; "Integrationskurs" inside "Migrationsberatung für Erwachsene (MBE)" as "MBE".
    const bracket = /\(([^)]+)\)/.exec(term.labels.de ?? '')?.[1];
    if (bracket && list !== 'language') addWord(index, bracket, term.slug);
  }
  return index;
}

function indexFixed(list: 'cost' | 'registration' | 'format', synonyms: ImportSynonyms): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [slug, label] of Object.entries(FIXED_VALUE_LABELS[list])) {
    addWord(index, label, slug);
    addWord(index, slug, slug);
  }
  for (const [word, slug] of Object.entries(synonyms[list])) addWord(index, word, slug);
  return index;
}

/** Builds the matcher from the taxonomy (all UI languages) and the synonyms file. */
export function createVocabulary(taxonomy: Taxonomy, synonyms: ImportSynonyms): Vocabulary {
  const indexes = new Map<ValueList, Map<string, string[]>>([
    ['category', indexTaxonomy(taxonomy, 'category', synonyms)],
    ['target', indexTaxonomy(taxonomy, 'target', synonyms)],
    ['language', indexTaxonomy(taxonomy, 'language', synonyms)],
    ['cost', indexFixed('cost', synonyms)],
    ['registration', indexFixed('registration', synonyms)],
    ['format', indexFixed('format', synonyms)],
  ]);
  const candidates = new Map<ValueList, Array<{ folded: string; value: string }>>();
  for (const [list, index] of indexes) {
    candidates.set(list, [...index].filter(([, slugs]) => slugs.length === 1).map(([folded, slugs]) => ({ folded, value: slugs[0]! })));
  }
  const booleans = new Map(Object.entries(synonyms.boolean).map(([word, value]) => [foldText(word) || word, value]));
  const display = (list: ValueList, slug: string, withCode = false): string => {
    if (list === 'cost' || list === 'registration' || list === 'format') return FIXED_VALUE_LABELS[list][slug] ?? slug;
    const label = taxonomy.label(list, slug, 'de');
    return list === 'language' && withCode ? `${label} (${slug})` : label;
  };
  return {
    lookup(list, value) {
      const folded = foldText(value);
      const found = indexes.get(list)!.get(folded);
      if (found) return { found };
      // "Arabisch (ar)" as the export writes it: the code in brackets decides.
      const code = /\(([a-z]{2,3})\)\s*$/.exec(value.trim())?.[1];
      if (list === 'language' && code && taxonomy.has('language', code)) return { found: [code] };
      return { unknown: true, suggestion: closestMatch(folded, candidates.get(list)!) };
    },
    display,
    boolean: (value) => booleans.get(foldText(value) || value.trim()),
    providerKind(name) {
      const words = ` ${foldText(name)} `;
      // Long words also match as the start of a word ("Caritasverband"); short ones ("SV") only whole.
      const names = (word: string) => (word.length >= 5 ? words.includes(` ${word}`) : words.includes(` ${word} `));
      const hit = Object.entries(synonyms.providerKind).find(([word, kind]) => names(foldText(word)) && taxonomy.has('provider-kind', kind));
      return hit?.[1] ?? 'club';
    },
  };
}

/** The vocabulary, built once and again after staff change the taxonomy. */
export function vocabularySource(taxonomy: Taxonomy, projectRoot: string): () => Vocabulary {
  const synonyms = readImportSynonyms(projectRoot);
  let cached: Vocabulary | undefined;
  taxonomy.onChange(() => {
    cached = undefined;
  });
  return () => (cached ??= createVocabulary(taxonomy, synonyms));
}
