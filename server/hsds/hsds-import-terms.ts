import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { HsdsDataset } from './hsds-datapackage-reader.ts';
import type { HsdsRow } from './hsds-tables.ts';
import { FEATURE_TERMS } from './hsds-taxonomy.ts';

/** An HSDS term as Wegweiser reads it: which vocabulary it belongs to, by the taxonomy's name or by matching a label. */
export interface LinkedTerm {
  vocabulary: 'category' | 'target' | 'feature' | 'provider-kind' | 'other';
  slug: string;
  name: string;
  value?: string;
}

const OWN_TAXONOMIES: Record<string, LinkedTerm['vocabulary']> = {
  'Wegweiser-Themen': 'category',
  'Wegweiser-Zielgruppen': 'target',
  'Wegweiser-Merkmale': 'feature',
  'Wegweiser-Trägerarten': 'provider-kind',
};

const normalise = (text: string) => text.toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();

/** Label (any UI language) and slug → term, for matching foreign terms by name. */
function labelIndex(taxonomy: Taxonomy, vocabulary: 'category' | 'target'): Map<string, string> {
  const index = new Map<string, string>();
  for (const term of taxonomy.terms(vocabulary)) {
    index.set(normalise(term.slug), term.slug);
    for (const label of Object.values(term.labels)) index.set(normalise(label), term.slug);
  }
  return index;
}

/**
 * Reads every attribute of the dataset as a Wegweiser term. Terms of the
 * Wegweiser taxonomies keep their code; a foreign term whose name or code is a
 * Wegweiser label becomes that topic or target group; anything else is "other"
 * (the caller falls back to the nearest topic and reports the row).
 */
export function linkAttributes(dataset: HsdsDataset, taxonomy: Taxonomy): Map<string, LinkedTerm[]> {
  const taxonomies = new Map(dataset.tables.taxonomy.map((row) => [String(row.id), String(row.name ?? '')]));
  const terms = new Map(dataset.tables.taxonomy_term.map((row) => [String(row.id), row]));
  const labels = { category: labelIndex(taxonomy, 'category'), target: labelIndex(taxonomy, 'target') };
  const linked = new Map<string, LinkedTerm[]>();
  for (const attribute of dataset.tables.attribute) {
    const term = terms.get(String(attribute.taxonomy_term_id));
    if (!term || attribute.link_id === undefined) continue;
    const list = linked.get(String(attribute.link_id)) ?? [];
    list.push(readTerm(term, taxonomies.get(String(term.taxonomy_id)) ?? String(term.taxonomy ?? ''), labels, taxonomy, attribute.value));
    linked.set(String(attribute.link_id), list);
  }
  return linked;
}

function readTerm(term: HsdsRow, taxonomyName: string, labels: Record<'category' | 'target', Map<string, string>>, taxonomy: Taxonomy, value: HsdsRow[string]): LinkedTerm {
  const code = String(term.code ?? '');
  const name = String(term.name ?? code);
  const own = OWN_TAXONOMIES[taxonomyName];
  const known =
    own === 'feature' ? code in FEATURE_TERMS : own === 'provider-kind' ? taxonomy.has('provider-kind', code) : own === 'category' || own === 'target' ? taxonomy.has(own, code) : false;
  if (own && known) return { vocabulary: own, slug: code, name, ...(value !== undefined ? { value: String(value) } : {}) };
  for (const vocabulary of ['category', 'target'] as const) {
    const slug = labels[vocabulary].get(normalise(name)) ?? labels[vocabulary].get(normalise(code));
    if (slug) return { vocabulary, slug, name };
  }
  return { vocabulary: 'other', slug: code, name };
}

/**
 * The topic whose German or English label words occur in a text, as a share of
 * its words (so "Advice & counselling" beats "Migration counselling for
 * adults" for a text about counselling), words of the name counting twice; on a tie the broader topic wins. The
 * nearest Wegweiser topic for a service whose terms do not map.
 */
export function nearestCategory(taxonomy: Taxonomy, name: string, description: string): string | undefined {
  const [title, body] = [normalise(name), normalise(description)];
  let best: { slug: string; score: number; topLevel: boolean } | undefined;
  for (const term of taxonomy.terms('category')) {
    const words = new Set(
      [term.labels.de, term.labels.en, term.slug.replace(/-/g, ' ')]
        .filter((label): label is string => Boolean(label))
        .flatMap((label) => normalise(label).split(/[^\p{L}]+/u))
        .filter((word) => word.length >= 5),
    );
    // A word in the service's name counts twice: names say what a service is, descriptions wander.
    const hits = [...words].reduce((sum, word) => sum + (title.includes(word) ? 2 : 0) + (body.includes(word) ? 1 : 0), 0);
    const score = words.size === 0 ? 0 : hits / words.size;
    const topLevel = term.parent === null;
    if (score > 0 && (!best || score > best.score || (score === best.score && topLevel && !best.topLevel))) best = { slug: term.slug, score, topLevel };
  }
  return best?.slug;
}
