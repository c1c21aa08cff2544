import http from 'node:http';
import { MeilisearchApiError, type MultiSearchParams, type MultiSearchResponse } from 'meilisearch';

export interface MeiliTransport {
  /** The function the meilisearch client calls instead of fetch. */
  httpClient: (input: string | URL | Request, init?: RequestInit) => Promise<unknown>;
  /**
   * POST /multi-search, the search's one round trip, without the client's own
   * path, which builds a URL, copies the headers and arms a timer and an
   * AbortController for every request.
   */
  multiSearch(body: MultiSearchParams): Promise<MultiSearchResponse>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

function headersToObject(headers: HeadersInit | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => {
    result[key] = value;
  });
  return result;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text, code: 'invalid_response', type: 'internal', link: '' };
  }
}

/**
 * A keep-alive `node:http` transport for the meilisearch client. Node 20's fetch
 * spent about 40 ms per request here (write coalescing); this takes about 2 ms.
 * Error answers become MeilisearchApiError with Meilisearch's own code and message.
 */
export function createMeiliTransport(host: string, apiKey: string, options: { maxSockets?: number } = {}): MeiliTransport {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32, keepAliveMsecs: 10_000 });
  const origin = new URL(host);
  const searchRequest: http.RequestOptions = {
    host: origin.hostname,
    port: origin.port,
    path: `${origin.pathname.replace(/\/?$/, '/')}multi-search`,
    method: 'POST',
    agent,
  };
  const searchHeaders = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

  function send(requestOptions: http.RequestOptions, body: string | undefined, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      // The client shares one signal across the polls of waitForTask: remove our listener as soon as we settle.
      const onAbort = () => request.destroy(new Error('Request to Meilisearch aborted'));
      const settle = (outcome: () => void) => {
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const request = http.request(requestOptions, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => settle(() => reject(error)));
        response.on('end', () => {
          const parsed = parseBody(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
          const status = response.statusCode ?? 500;
          if (status >= 400) {
            const fetchResponse = new Response(null, { status, statusText: response.statusMessage ?? '' });
            settle(() => reject(new MeilisearchApiError(fetchResponse, parsed as ConstructorParameters<typeof MeilisearchApiError>[1])));
            return;
          }
          settle(() => resolve(parsed));
        });
      });
      request.on('socket', (socket) => socket.setNoDelay(true));
      request.on('error', (error) => settle(() => reject(error)));
      if (signal?.aborted) {
        request.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      request.end(body);
    });
  }

  const httpClient = (input: string | URL | Request, init: RequestInit = {}): Promise<unknown> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = typeof init.body === 'string' ? init.body : undefined;
    const headers = headersToObject(init.headers);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return send({ ...urlOptions(url), method: init.method ?? 'GET', headers, agent }, body, init.signal ?? undefined);
  };

  const multiSearch = (params: MultiSearchParams): Promise<MultiSearchResponse> => {
    const body = JSON.stringify(params);
    const headers = { ...searchHeaders, 'content-length': String(Buffer.byteLength(body)) };
    return send({ ...searchRequest, headers }, body) as Promise<MultiSearchResponse>;
  };

  return { httpClient, multiSearch, close: () => agent.destroy() };
}

function urlOptions(url: URL): http.RequestOptions {
  return { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}` };
}
