/** Open Graph locales for the UI languages (messengers show the preview in these). */
const OG_LOCALES: Record<string, string> = { de: 'de_DE', en: 'en_GB', ar: 'ar_AR', fa: 'fa_IR', tr: 'tr_TR', uk: 'uk_UA', ru: 'ru_RU' };

export interface OpenGraph {
  title: string;
  description: string;
  url: string;
  locale: string;
  type: 'website' | 'article';
}

/** Link-preview tags for a page; the description is cut to what messengers show. */
export function openGraph(page: { title: string; description: string; url: string; lang: string; type?: OpenGraph['type'] }): OpenGraph {
  const description = page.description.replace(/\s+/g, ' ').trim();
  return {
    title: page.title,
    description: description.length > 200 ? `${description.slice(0, 197)}…` : description,
    url: page.url,
    locale: OG_LOCALES[page.lang] ?? 'de_DE',
    type: page.type ?? 'website',
  };
}
