import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, StartupError } from '../../server/config/config.ts';
import { loadGlossary } from '../../server/translation/translation-glossary.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function tempFolder(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-translation-config-'));
  folders.push(folder);
  return folder;
}

const base = { DATA_DIR: '/tmp/wegweiser-translation-config', DEMO_DATA: 'false' };
const refusal = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof StartupError) return error.message;
    throw error;
  }
  return null;
};

describe('machine translation configuration', () => {
  it('is off without TRANSLATION_PROVIDER', () => {
    expect(loadConfig(base).translation).toBeNull();
  });

  it('picks DeepL Free or Pro by the key, as DeepL documents (free keys end in ":fx")', () => {
    expect(loadConfig({ ...base, TRANSLATION_PROVIDER: 'deepl', TRANSLATION_KEY: 'abc:fx' }).translation).toMatchObject({ provider: 'deepl', url: 'https://api-free.deepl.com', glossary: true, deeplBetaLanguages: false });
    expect(loadConfig({ ...base, TRANSLATION_PROVIDER: 'deepl', TRANSLATION_KEY: 'abc' }).translation?.url).toBe('https://api.deepl.com');
    expect(loadConfig({ ...base, TRANSLATION_PROVIDER: 'libretranslate', TRANSLATION_URL: 'https://translate.example.org/', TRANSLATION_GLOSSARY: 'false' }).translation).toMatchObject({ provider: 'libretranslate', url: 'https://translate.example.org', key: undefined, glossary: false });
  });

  it('stops the start with one sentence for a setting that cannot work', () => {
    expect(refusal({ TRANSLATION_PROVIDER: 'google' })).toBe('Configuration error: TRANSLATION_PROVIDER="google" is not valid (use deepl or libretranslate, or leave it unset to switch machine translation off).');
    expect(refusal({ TRANSLATION_PROVIDER: 'deepl' })).toBe('Configuration error: TRANSLATION_PROVIDER=deepl needs TRANSLATION_KEY (the DeepL API key from your DeepL account).');
    expect(refusal({ TRANSLATION_PROVIDER: 'libretranslate' })).toBe('Configuration error: TRANSLATION_PROVIDER=libretranslate needs TRANSLATION_URL (the address of the LibreTranslate server, such as https://translate.example.org).');
    expect(refusal({ TRANSLATION_KEY: 'abc' })).toBe('Configuration error: TRANSLATION_URL or TRANSLATION_KEY is set, so TRANSLATION_PROVIDER must be set too (deepl or libretranslate).');
    expect(refusal({ TRANSLATION_PROVIDER: 'deepl', TRANSLATION_KEY: 'abc:fx', TRANSLATION_URL: 'https://api.deepl.com' })).toBe('Configuration error: TRANSLATION_KEY is a DeepL API Free key (it ends in ":fx"), so TRANSLATION_URL must be https://api-free.deepl.com.');
    expect(refusal({ TRANSLATION_PROVIDER: 'deepl', TRANSLATION_KEY: 'abc', TRANSLATION_URL: 'https://api-free.deepl.com' })).toBe('Configuration error: TRANSLATION_KEY is a DeepL API Pro key, so TRANSLATION_URL must be https://api.deepl.com.');
    expect(refusal({ TRANSLATION_PROVIDER: 'libretranslate', TRANSLATION_URL: 'ftp://translate.example.org' })).toBe('Configuration error: TRANSLATION_URL="ftp://translate.example.org" is not valid (use an http(s) address).');
  });

  it('the real entry point refuses DeepL without a key in one line on stderr, with exit code 1', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', DATA_DIR: tempFolder(), TRANSLATION_PROVIDER: 'deepl' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Wegweiser cannot start: Configuration error: TRANSLATION_PROVIDER=deepl needs TRANSLATION_KEY (the DeepL API key from your DeepL account).\n');
    // tsx compiles the whole server before main() runs: slow on a busy machine.
  }, 180_000);

  it('reads the glossary per language, and a broken glossary file is one sentence', () => {
    const glossary = loadGlossary(path.join(root, 'data', 'translation', 'glossary.json'));
    expect(glossary.entriesFor('ar')).toContainEqual(['Integrationskurs', 'دورة الاندماج']);
    expect(glossary.entriesFor('uk')).toContainEqual(['Ausländerbehörde', 'відомство у справах іноземців (Ausländerbehörde)']);
    const broken = path.join(tempFolder(), 'glossary.json');
    writeFileSync(broken, '{"terms": []}');
    expect(() => loadGlossary(broken)).toThrow(StartupError);
    expect(() => loadGlossary(broken)).toThrow(/^The translation glossary .*glossary\.json cannot be read/);
  });
});
