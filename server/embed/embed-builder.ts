import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { Translate, ViewContext } from '../web/view-context.ts';
import { EMBED_DEFAULT_LIMIT, EMBED_LIMIT_CHOICES, parseEmbedRequest } from './embed-request.ts';
import { embedFrameTitle } from './embed-service.ts';
import { buildEmbedSnippet, embedListPath, isEmbeddableParameter, readSearchAddress, type EmbedChoice } from './embed-snippet.ts';

export interface EmbedBuilderDeps {
  taxonomy: Taxonomy;
  region: Region;
  siteUrl: string;
  /** The UI languages, with their own names. */
  locales: Array<{ code: string; name: string }>;
  translatorFor: (locale: string) => Translate;
}

/** Filters the back-office form has its own fields for; any other parameter of a pasted search travels hidden. */
const SELECT_FIELDS = ['category', 'target', 'language'] as const;
const FORM_FIELDS = new Set<string>(['district', 'q', ...SELECT_FIELDS]);

type RawQuery = Record<string, unknown>;
const texts = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');

/** The builder page's own address for a choice: the search's parameters, `embedLang` and `limit`. */
export function builderPath(choice: EmbedChoice): string {
  const params = new URLSearchParams(choice.search);
  params.set('embedLang', choice.lang);
  params.set('limit', String(choice.limit));
  return `/admin/embed?${params.toString()}`;
}

/** The list's language and entries from the form; unknown values fall back to German and the default. */
function readChoiceExtras(raw: RawQuery, locales: string[], fallbackLang: string | null): { lang: string; limit: number } {
  const asked = texts(raw.embedLang)[0] ?? fallbackLang ?? 'de';
  const limit = Number(texts(raw.limit)[0]);
  return {
    lang: locales.includes(asked) ? asked : 'de',
    limit: (EMBED_LIMIT_CHOICES as readonly number[]).includes(limit) ? limit : EMBED_DEFAULT_LIMIT,
  };
}

/** The filters chosen in the form (empty selects and text fields are no filter). */
function readFormSearch(raw: RawQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    if (!isEmbeddableParameter(name)) continue;
    for (const text of texts(value)) if (text.trim() !== '') search.append(name, text.trim());
  }
  return search;
}

/**
 * The back office's snippet builder. A pasted search address becomes a
 * redirect to the same page with its filters in the form's fields; otherwise
 * the form's filters are checked with the list's own parser, and when they are
 * valid the page shows the preview and the snippet.
 */
export function buildEmbedBuilder(deps: EmbedBuilderDeps, raw: RawQuery, ctx: ViewContext): { redirect: string } | { page: ReturnType<typeof builderPage> } {
  const codes = deps.locales.map((locale) => locale.code);
  const address = texts(raw.address)[0]?.trim() ?? '';
  if (address) {
    const read = readSearchAddress(address, deps.siteUrl);
    if (read) return { redirect: builderPath({ search: read.search, ...readChoiceExtras(raw, codes, read.lang) }) };
    return { page: builderPage(deps, { search: new URLSearchParams(), ...readChoiceExtras(raw, codes, null) }, ctx, { address, addressError: ctx.t('embed.addressInvalid', { site: deps.siteUrl }) }) };
  }
  return { page: builderPage(deps, { search: readFormSearch(raw), ...readChoiceExtras(raw, codes, null) }, ctx, { address: '', addressError: null }) };
}

function builderPage(deps: EmbedBuilderDeps, choice: EmbedChoice, ctx: ViewContext, pasted: { address: string; addressError: string | null }) {
  // As Express's query parser hands them over: one value as a string, a repeated one as a list.
  const raw: Record<string, string | string[]> = {};
  for (const name of new Set(choice.search.keys())) {
    const all = choice.search.getAll(name);
    raw[name] = all.length === 1 ? all[0]! : all;
  }
  const parsed = parseEmbedRequest({ ...raw, limit: String(choice.limit) }, deps);
  const problems = Object.keys(parsed.search.problems).map((field) => ctx.t(`search.problemField.${field.replace(/\[.*$/, '')}`, { defaultValue: field }));
  const form = builderForm(deps, choice, ctx);
  const ready = problems.length === 0 && !pasted.addressError;
  return {
    ...pasted,
    ...form,
    problems,
    previewPath: ready ? embedListPath(choice) : null,
    snippet: ready ? buildEmbedSnippet(deps.siteUrl, choice, embedFrameTitle({ t: deps.translatorFor(choice.lang) }, deps.region.name)) : null,
  };
}

/** The form's fields with the choice's values; values the fields cannot show travel as hidden inputs. */
function builderForm(deps: EmbedBuilderDeps, choice: EmbedChoice, ctx: ViewContext) {
  const { taxonomy } = deps;
  const values = (name: string) => choice.search.getAll(name);
  const hidden: Array<{ name: string; value: string }> = [];
  const selected: Record<string, string> = {};
  for (const field of SELECT_FIELDS) {
    const [first, ...rest] = values(field);
    if (first !== undefined && taxonomy.has(field, first)) selected[field] = first;
    else if (first !== undefined) rest.unshift(first);
    hidden.push(...rest.map((value) => ({ name: field, value })));
  }
  const districts = deps.region.districts.map((district) => ({ slug: district.slug, name: district.name, checked: values('district').includes(district.slug) }));
  hidden.push(...values('district').filter((slug) => !districts.some((district) => district.slug === slug)).map((value) => ({ name: 'district', value })));
  for (const [name, value] of choice.search) if (!FORM_FIELDS.has(name)) hidden.push({ name, value });
  const label = (vocabulary: 'category' | 'target' | 'language', slug: string) => taxonomy.label(vocabulary, slug, ctx.locale);
  const option = (vocabulary: 'category' | 'target' | 'language', slug: string, indent = false) => ({ value: slug, label: (indent ? '\u2003' : '') + label(vocabulary, slug), selected: selected[vocabulary] === slug });
  return {
    q: choice.search.get('q') ?? '',
    districts,
    categories: taxonomy.topCategories().flatMap((top) => [option('category', top.slug), ...taxonomy.subcategories(top.slug).map((child) => option('category', child.slug, true))]),
    targets: taxonomy.terms('target').map((term) => option('target', term.slug)),
    languages: taxonomy.terms('language').map((term) => option('language', term.slug)).sort((a, b) => a.label.localeCompare(b.label, ctx.locale)),
    uiLanguages: deps.locales.map((locale) => ({ ...locale, selected: locale.code === choice.lang })),
    limits: EMBED_LIMIT_CHOICES.map((limit) => ({ value: limit, selected: limit === choice.limit })),
    hidden,
    hiddenNames: [...new Set(hidden.map((entry) => ctx.t(`search.problemField.${entry.name}`, { defaultValue: entry.name })))],
  };
}
