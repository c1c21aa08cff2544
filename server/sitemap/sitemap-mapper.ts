import type { SitemapEntry } from './sitemap-repository.ts';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** W3C date-time as sitemaps want it; stored times are ISO already, anything else is left out. */
function lastmod(value: string): string | undefined {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

export function toUrlSet(baseUrl: string, entries: SitemapEntry[]): string {
  const urls = entries.map((entry) => {
    const modified = lastmod(entry.lastmod);
    return `  <url><loc>${escapeXml(baseUrl + entry.path)}</loc>${modified ? `<lastmod>${modified}</lastmod>` : ''}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function toSitemapIndex(baseUrl: string, paths: string[]): string {
  const items = paths.map((path) => `  <sitemap><loc>${escapeXml(baseUrl + path)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}

/** Public pages for every crawler; staff and account pages are nobody's business. */
export function toRobotsTxt(baseUrl: string): string {
  return ['User-agent: *', 'Allow: /', 'Disallow: /admin', 'Disallow: /account', '', `Sitemap: ${baseUrl}/sitemap.xml`, ''].join('\n');
}
