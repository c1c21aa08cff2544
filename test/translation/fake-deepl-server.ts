import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * A local HTTP server that stands for the DeepL API v2 (developers.deepl.com):
 * it speaks the documented requests and answers of POST /v2/translate,
 * GET /v2/glossary-language-pairs and POST /v2/glossaries, with the documented
 * `Authorization: DeepL-Auth-Key <key>` header and error codes (403 wrong key,
 * 456 quota exceeded, 429 too many requests, 400 bad request). Its
 * "translation" is deterministic: the target code in brackets before the text,
 * with glossary entries replaced first, so a test can see what was applied.
 */
export interface FakeDeepl {
  url: string;
  key: string;
  /** Every request, in order: method, path and parsed JSON body. */
  requests: Array<{ method: string; path: string; body: Record<string, unknown>; auth: string | undefined }>;
  glossaries: Map<string, { sourceLang: string; targetLang: string; entries: Array<[string, string]> }>;
  /** The next translate requests answer this status instead (456 quota, 403 key, 429 busy). */
  failWith: number | null;
  /** Glossary pairs this account offers, as "de>xx". */
  glossaryPairs: Set<string>;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const ERROR_MESSAGES: Record<number, string> = { 403: 'Authorization failed. Please supply a valid auth_key parameter.', 456: 'Quota exceeded. The character limit has been reached.', 429: 'Too many requests.' };

export async function startFakeDeepl(key = 'test-key-0000'): Promise<FakeDeepl> {
  const fake: Omit<FakeDeepl, 'url' | 'close'> = {
    key,
    requests: [],
    glossaries: new Map(),
    failWith: null,
    glossaryPairs: new Set(['de>en', 'de>ar', 'de>tr', 'de>uk', 'de>ru']),
  };
  const translate = (body: Record<string, unknown>): [number, unknown] => {
    const target = String(body.target_lang ?? '');
    if (!Array.isArray(body.text) || !target || String(body.source_lang).toUpperCase() !== 'DE') return [400, { message: 'Bad request. Parameter text or target_lang missing.' }];
    if (target === 'FA' && body.enable_beta_languages !== true) return [400, { message: "Value for 'target_lang' not supported." }];
    const glossary = body.glossary_id ? fake.glossaries.get(String(body.glossary_id)) : undefined;
    if (body.glossary_id && !glossary) return [404, { message: 'Glossary not found.' }];
    const apply = (text: string) => (glossary?.entries ?? []).reduce((result, [source, targetTerm]) => result.split(source).join(targetTerm), text);
    return [200, { translations: (body.text as string[]).map((text) => ({ detected_source_language: 'DE', text: `[${target}] ${apply(text)}` })) }];
  };
  const createGlossary = (body: Record<string, unknown>): [number, unknown] => {
    const pair = `${String(body.source_lang).toLowerCase()}>${String(body.target_lang).toLowerCase()}`;
    if (body.entries_format !== 'tsv' || typeof body.entries !== 'string' || !body.name) return [400, { message: 'Bad request.' }];
    if (!fake.glossaryPairs.has(pair)) return [400, { message: 'Unsupported glossary language pair.' }];
    const entries = body.entries.split('\n').map((line) => line.split('\t') as [string, string]);
    const id = randomUUID();
    fake.glossaries.set(id, { sourceLang: String(body.source_lang), targetLang: String(body.target_lang), entries });
    return [201, { glossary_id: id, name: body.name, ready: true, source_lang: body.source_lang, target_lang: body.target_lang, creation_time: new Date().toISOString(), entry_count: entries.length }];
  };
  const server: Server = createServer(async (request, response) => {
    const body = request.method === 'POST' ? await readJson(request) : {};
    const path = (request.url ?? '').split('?')[0]!;
    fake.requests.push({ method: request.method ?? '', path, body, auth: request.headers.authorization });
    const answer = (status: number, json: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    if (request.headers.authorization !== `DeepL-Auth-Key ${key}`) return answer(403, { message: ERROR_MESSAGES[403] });
    if (request.method === 'GET' && path === '/v2/glossary-language-pairs') {
      return answer(200, { supported_languages: [...fake.glossaryPairs].map((pair) => ({ source_lang: pair.split('>')[0], target_lang: pair.split('>')[1] })) });
    }
    if (request.method === 'POST' && path === '/v2/glossaries') return answer(...createGlossary(body));
    if (request.method === 'POST' && path === '/v2/translate') {
      if (fake.failWith) return answer(fake.failWith, { message: ERROR_MESSAGES[fake.failWith] ?? 'Error' });
      return answer(...translate(body));
    }
    answer(404, { message: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
