import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { SearchResultCache } from '../search-engine/search-result-cache.ts';

export interface RenderedPage {
  status: number;
  /** Encoded once: converting the 70 KB string on every send was a measured share of a cached page's time. */
  body: Buffer;
  /** Computed once per rendering, so a cached page is not hashed again on every send. */
  etag: string;
  /** What the page's builder says about it besides the HTML (kept with the cached copy). */
  meta: Record<string, unknown>;
}

/** What a cached page is counted as against the cache's size bound (a search page is 60–80 KB). */
const PAGE_SIZE_ESTIMATE = 80_000;

/**
 * Renders a page that only depends on its cache key (language and search) and
 * the search index, and keeps the HTML in the index's answer cache, so it is
 * dropped with every index change. Without a key, for signed-in visitors
 * (their page shows their name and a form token) and for visitors with a
 * shortlist (their saved offers are marked), it is rendered every time.
 */
export async function sendIndexDerivedPage(
  response: Response,
  cache: SearchResultCache,
  key: string | null,
  build: () => Promise<{ status: number; view: string; locals: Record<string, unknown>; meta?: Record<string, unknown> }>,
): Promise<RenderedPage> {
  const render = async (): Promise<RenderedPage> => {
    const { status, view, locals, meta = {} } = await build();
    const html = await new Promise<string>((resolve, reject) => {
      response.render(view, locals, (error: Error | null, rendered: string) => (error ? reject(error) : resolve(rendered)));
    });
    const body = Buffer.from(html);
    const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
    return { status, body, etag: `W/"${body.length.toString(16)}-${hash}"`, meta };
  };
  // A visitor with a shortlist sees their saved offers marked, so their page is their own too.
  const personal = Boolean(response.locals.user) || response.locals.shortlistCount > 0;
  const page = key && !personal ? await cache.remember(key, render, PAGE_SIZE_ESTIMATE) : await render();
  // The same address answers the whole page or, for the page's own script, only the results.
  response.vary('X-Requested-With');
  response.status(page.status).type('html').setHeader('ETag', page.etag);
  response.send(page.body);
  return page;
}
