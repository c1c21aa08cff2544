import { createServer, type Server } from 'node:http';

/**
 * A local HTTP server that stands for a LibreTranslate server
 * (docs.libretranslate.com): POST /translate with a JSON body
 * {q, source, target, format, api_key}, answering {translatedText} (a list
 * for a list), and {error} with 400 (bad request or unsupported language)
 * or 403 (a missing or wrong API key). Its "translation" is the target code
 * in brackets before the text.
 */
export interface FakeLibreTranslate {
  url: string;
  /** The key the server accepts; change it to see a 403. */
  apiKey: string;
  requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFakeLibreTranslate(apiKey: string, languages = ['en', 'ar', 'fa', 'tr', 'uk', 'ru']): Promise<FakeLibreTranslate> {
  const requests: Array<Record<string, unknown>> = [];
  const fake = { apiKey } as FakeLibreTranslate;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    requests.push(body);
    const answer = (status: number, json: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    if (request.method !== 'POST' || request.url !== '/translate') return answer(404, { error: 'Not Found' });
    if (body.api_key !== fake.apiKey) return answer(403, { error: 'Invalid API key' });
    const target = String(body.target);
    if (!languages.includes(target)) return answer(400, { error: `${target} is not supported` });
    const translate = (text: string) => `[${target}] ${text}`;
    answer(200, { translatedText: Array.isArray(body.q) ? (body.q as string[]).map(translate) : translate(String(body.q)) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(fake, { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
