import { foldPlaceName } from '../region/place-lookup.ts';
import { UI_LOCALES, type Taxonomy, type Term } from './taxonomy.ts';
import type { EditableVocabulary } from './taxonomy-admin-service.ts';

export interface TermLink {
  slug: string;
  label: string;
  url: string;
  /** Offers that use the term. */
  offers: number;
  current: boolean;
}

export interface TermGroup extends TermLink {
  children: TermLink[];
}

export interface TaxonomyList {
  /** Topics with their sub-topics (categories), or one group without a heading (target groups). */
  groups: Array<TermGroup | { slug: null; children: TermLink[] }>;
  shown: number;
  total: number;
}

/** A term matches when the folded text is in its key or in any of its labels ("schwimm" finds "Schwimmkurs", "swimming" its English label). */
function matches(term: Term, folded: string): boolean {
  if (folded === '') return true;
  return [term.slug, ...Object.values(term.labels)].some((text) => foldPlaceName(text).includes(folded) || text.toLowerCase().includes(folded));
}

/**
 * The list of terms to pick one from, grouped by topic and filtered by the
 * search text. A topic that matches keeps all its sub-topics; otherwise only
 * the matching sub-topics show, under their topic.
 */
export function buildTaxonomyList(
  taxonomy: Taxonomy,
  vocabulary: EditableVocabulary,
  options: { locale: string; query: string; counts: Map<string, number>; current?: string },
): TaxonomyList {
  const folded = foldPlaceName(options.query);
  const link = (term: Term): TermLink => ({
    slug: term.slug,
    label: taxonomy.label(vocabulary, term.slug, options.locale),
    url: `/admin/taxonomy/${vocabulary}/${term.slug}${options.query ? `?q=${encodeURIComponent(options.query)}` : ''}`,
    offers: options.counts.get(term.slug) ?? 0,
    current: term.slug === options.current,
  });
  const total = taxonomy.terms(vocabulary).length;
  if (vocabulary !== 'category') {
    const children = taxonomy.terms(vocabulary).filter((term) => matches(term, folded)).map(link);
    return { groups: children.length > 0 ? [{ slug: null, children }] : [], shown: children.length, total };
  }
  const groups = taxonomy.topCategories().flatMap((top) => {
    const topMatches = matches(top, folded);
    const children = taxonomy.subcategories(top.slug).filter((term) => topMatches || matches(term, folded)).map(link);
    return topMatches || children.length > 0 ? [{ ...link(top), children }] : [];
  });
  return { groups, shown: groups.reduce((sum, group) => sum + 1 + group.children.length, 0), total };
}

/** One term's edit form: its labels in every UI language, and its place (topic or sub-topic). */
export function buildTermForm(taxonomy: Taxonomy, vocabulary: EditableVocabulary, term: Term, locale: string) {
  return {
    slug: term.slug,
    label: taxonomy.label(vocabulary, term.slug, locale),
    parentLabel: term.parent ? taxonomy.label(vocabulary, term.parent, locale) : null,
    labels: UI_LOCALES.map((code) => ({ locale: code, value: term.labels[code] ?? '', languageName: taxonomy.label('language', code, locale) })),
  };
}
