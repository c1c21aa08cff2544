import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/config.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { createTranslationClient } from '../../server/translation/translation-client.ts';
import { TranslationError } from '../../server/translation/translation-errors.ts';
import { createTestStorage } from '../support/test-services.ts';
import { startFakeDeepl, type FakeDeepl } from './fake-deepl-server.ts';

/** The DeepL client against a local server that stands for DeepL's API v2 (fake-deepl-server.ts). */
describe('DeepL client (a local server stands for the DeepL API)', () => {
  let deepl: FakeDeepl;
  let storage: Awaited<ReturnType<typeof createTestStorage>>;

  const client = (env: Record<string, string> = {}) => {
    const config = loadConfig({ DATA_DIR: storage.config.dataDir, TRANSLATION_PROVIDER: 'deepl', TRANSLATION_URL: deepl.url, TRANSLATION_KEY: deepl.key, ...env }).translation!;
    return createTranslationClient(config, { db: storage.db, logger: createSilentLogger() });
  };

  beforeAll(async () => {
    deepl = await startFakeDeepl();
    storage = await createTestStorage();
  });
  afterAll(async () => {
    await storage?.close();
    await deepl?.close();
  });

  it('translates into a language without a DeepL glossary pair without one, and still translates', async () => {
    deepl.glossaryPairs.delete('de>tr');
    deepl.requests.length = 0;
    expect(await client().translate(['Sprachcafé'], 'tr')).toEqual(['[TR] Sprachcafé']);
    expect(deepl.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/glossary-language-pairs', 'POST /v2/translate']);
    expect(deepl.requests[1]!.body).not.toHaveProperty('glossary_id');
    deepl.glossaryPairs.add('de>tr');
  });

  it('asks for Persian as a beta language when switched on, without a glossary', async () => {
    deepl.requests.length = 0;
    expect(await client({ TRANSLATION_DEEPL_BETA_LANGUAGES: 'true' }).translate(['Kita'], 'fa')).toEqual(['[FA] Kita']);
    expect(deepl.requests.at(-1)!.body).toEqual({ text: ['Kita'], source_lang: 'DE', target_lang: 'FA', enable_beta_languages: true });
  });

  it('sends no glossary when TRANSLATION_GLOSSARY=false', async () => {
    deepl.requests.length = 0;
    await client({ TRANSLATION_GLOSSARY: 'false' }).translate(['Kita'], 'ru');
    expect(deepl.requests.map((r) => r.path)).toEqual(['/v2/translate']);
  });

  it('makes a new glossary when DeepL no longer knows the remembered one', async () => {
    const translator = client();
    expect(await translator.translate(['Kita'], 'uk')).toEqual(['[UK] дитячий садок (Kita)']);
    deepl.glossaries.clear();
    deepl.requests.length = 0;
    expect(await translator.translate(['Kita'], 'uk')).toEqual(['[UK] дитячий садок (Kita)']);
    expect(deepl.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/translate', 'POST /v2/glossaries', 'POST /v2/translate']);
    expect(deepl.requests[2]!.body.glossary_id).toBe([...deepl.glossaries.keys()][0]);
  });

  it('turns the documented error codes into kinds: 403 key, 456 quota, 429 busy (retryable)', async () => {
    const kinds: Array<[string, boolean]> = [];
    for (const status of [403, 456, 429]) {
      deepl.failWith = status;
      const error = await client().translate(['Kita'], 'en').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TranslationError);
      kinds.push([(error as TranslationError).kind, (error as TranslationError).retryable]);
    }
    deepl.failWith = null;
    expect(kinds).toEqual([['auth', false], ['quota', false], ['rateLimit', true]]);
  });
});
