import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableLocales } from '../../server/i18n/i18n.ts';
import { UI_LOCALES } from '../../server/taxonomy/taxonomy.ts';

const localesDir = path.join(import.meta.dirname, '..', '..', 'server', 'i18n', 'locales');
type Messages = { [key: string]: string | Messages };

function readLocale(locale: string): Map<string, string> {
  const flat = new Map<string, string>();
  const walk = (node: Messages, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') flat.set(name, value);
      else walk(value, name);
    }
  };
  walk(JSON.parse(readFileSync(path.join(localesDir, `${locale}.json`), 'utf8')) as Messages, '');
  return flat;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

/**
 * The keys a locale must have: every German key, where a German plural
 * (key_one/key_other) becomes every CLDR category of that locale (Arabic has six).
 */
function expectedKeys(german: Map<string, string>, locale: string): Map<string, string> {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const expected = new Map<string, string>();
  for (const [key, text] of german) {
    const base = key.replace(PLURAL_SUFFIX, '');
    if (base !== key && german.has(`${base}_other`)) {
      for (const category of categories) expected.set(`${base}_${category}`, german.get(`${base}_other`)!);
      if (key.endsWith('_zero')) expected.set(key, text);
    } else expected.set(key, text);
  }
  return expected;
}

/** Short or international strings that may read the same as in German (names, "Status", URLs …). */
const SAME_AS_GERMAN_ALLOWED = /^(site\.name|language\.nativeName)$/;

describe('locale files', () => {
  const german = readLocale('de');

  it('offer exactly the seven UI languages, German first', () => {
    expect(availableLocales()).toEqual(['de', 'ar', 'en', 'fa', 'ru', 'tr', 'uk']);
    expect([...UI_LOCALES].sort()).toEqual([...availableLocales()].sort());
  });

  for (const locale of ['en', 'ar', 'fa', 'tr', 'uk', 'ru']) {
    describe(locale, () => {
      const messages = readLocale(locale);
      const expected = expectedKeys(german, locale);

      it('has every key of the German file, with every plural form the language needs', () => {
        const missing = [...expected.keys()].filter((key) => !messages.has(key) || messages.get(key)!.trim() === '');
        expect(missing).toEqual([]);
      });

      it('has no keys the German file lacks', () => {
        const extra = [...messages.keys()].filter((key) => !expected.has(key));
        expect(extra).toEqual([]);
      });

      it('keeps every placeholder of the German text and invents none', () => {
        const wrong = [...expected].flatMap(([key, text]) => {
          const translated = messages.get(key);
          if (translated === undefined) return [];
          // A plural form may leave out {{count}} where the word says the number ("one offer").
          const need = placeholders(text).filter((name) => !(PLURAL_SUFFIX.test(key) && name === 'count'));
          const have = placeholders(translated);
          const lost = need.filter((name) => !have.includes(name));
          const invented = have.filter((name) => !placeholders(text).includes(name));
          return lost.length > 0 || invented.length > 0 ? [`${key}: lost ${lost.join(',')} invented ${invented.join(',')}`] : [];
        });
        expect(wrong).toEqual([]);
      });

      it('is translated, not a copy of the German sentences', () => {
        const copied = [...expected].filter(([key, text]) => text.length > 12 && messages.get(key) === text && !SAME_AS_GERMAN_ALLOWED.test(key)).map(([key]) => key);
        expect(copied).toEqual([]);
      });

      if (['ar', 'fa', 'uk', 'ru'].includes(locale)) {
        it('is written in its own script', () => {
          const script = { ar: /\p{Script=Arabic}/u, fa: /\p{Script=Arabic}/u, uk: /\p{Script=Cyrillic}/u, ru: /\p{Script=Cyrillic}/u }[locale]!;
          const sentences = [...messages].filter(([, text]) => text.replace(/\{\{\w+\}\}/g, '').trim().split(/\s+/).length >= 3);
          const foreign = sentences.filter(([, text]) => !script.test(text)).map(([key]) => key);
          expect(sentences.length).toBeGreaterThan(200);
          expect(foreign).toEqual([]);
        });
      }
    });
  }

  it('Farsi uses Persian yeh and keheh, Ukrainian no Russian-only letters', () => {
    const farsi = [...readLocale('fa').values()].join(' ');
    expect(farsi).not.toMatch(/[يك]/);
    const ukrainian = [...readLocale('uk').values()].join(' ');
    expect(ukrainian).not.toMatch(/[ыэъё]/i);
  });
});
