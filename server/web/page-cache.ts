import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SearchResultCache } from '../search-engine/search-result-cache.ts';

export interface RenderedPage {
  status: number;
  /** Encoded once: converting the 70 KB string on every send was a measured share of a cached page's time. */
  body: Buffer;
  /** Computed once per rendering, so a cached page is not hashed again on every send. */
  etag: string;
}

/** Longer addresses are rendered every time, so hostile query strings cannot fill the cache. */
const MAX_CACHED_URL_LENGTH = 1024;

/**
 * Renders a page that only depends on its address, its language and the search
 * index, and keeps the HTML in the index's answer cache, so it is dropped with
 * every index change. Signed-in visitors always get a fresh page: theirs shows
 * their name and a form token.
 */
export async function sendIndexDerivedPage(
  request: Request,
  response: Response,
  cache: SearchResultCache,
  build: () => Promise<{ status: number; view: string; locals: Record<string, unknown> }>,
): Promise<void> {
  const render = async (): Promise<RenderedPage> => {
    const { status, view, locals } = await build();
    const html = await new Promise<string>((resolve, reject) => {
      response.render(view, locals, (error: Error | null, rendered: string) => (error ? reject(error) : resolve(rendered)));
    });
    const body = Buffer.from(html);
    const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
    return { status, body, etag: `W/"${body.length.toString(16)}-${hash}"` };
  };
  const cacheable = !response.locals.user && request.originalUrl.length <= MAX_CACHED_URL_LENGTH;
  const key = `page:${String(response.locals.lang)}:${request.get('x-requested-with') ?? ''}:${request.originalUrl}`;
  const page = cacheable ? await cache.remember(key, render) : await render();
  response.status(page.status).type('html').setHeader('ETag', page.etag);
  response.send(page.body);
}
