import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/db-connection.ts';
import type { Region } from '../region/region-config.ts';
import { bumpTaxonomyVersion } from './taxonomy-version.ts';

export const UI_LOCALES = ['de', 'en', 'ar', 'fa', 'tr', 'uk', 'ru'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

export const VOCABULARIES = ['category', 'target', 'language', 'district', 'provider-kind'] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];

export interface Term {
  vocabulary: Vocabulary;
  slug: string;
  parent: string | null;
  position: number;
  labels: Record<string, string>;
  attributes: Record<string, unknown>;
}

const labelsSchema = z.record(z.string(), z.string().min(1)).refine((labels) => typeof labels.de === 'string', 'needs a German label');
const termSchema = z.object({ slug: z.string().regex(/^[a-z0-9-]+$/), labels: labelsSchema });
const categorySchema = termSchema.extend({
  icon: z.string().optional(),
  descriptions: z.record(z.string(), z.string()).optional(),
  children: z.array(termSchema).min(1),
});
const languageSchema = z.object({
  code: z.string().regex(/^[a-z]{2,3}$/),
  native: z.string().min(1),
  dir: z.enum(['ltr', 'rtl']),
  labels: labelsSchema,
});

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Reads the taxonomy files under data/taxonomy and the region's districts as terms. */
export function readTaxonomyFiles(taxonomyDir: string, region: Region): Term[] {
  const terms: Term[] = [];
  const categories = z.array(categorySchema).parse(readJson(path.join(taxonomyDir, 'categories.json')));
  categories.forEach((category, index) => {
    terms.push({
      vocabulary: 'category',
      slug: category.slug,
      parent: null,
      position: index,
      labels: category.labels,
      attributes: { icon: category.icon ?? null, descriptions: category.descriptions ?? {} },
    });
    category.children.forEach((child, childIndex) => {
      terms.push({ vocabulary: 'category', slug: child.slug, parent: category.slug, position: childIndex, labels: child.labels, attributes: {} });
    });
  });
  const simple = (file: string, vocabulary: Vocabulary) =>
    z
      .array(termSchema)
      .parse(readJson(path.join(taxonomyDir, file)))
      .forEach((term, index) => terms.push({ vocabulary, slug: term.slug, parent: null, position: index, labels: term.labels, attributes: {} }));
  simple('target-groups.json', 'target');
  simple('provider-kinds.json', 'provider-kind');
  z.array(languageSchema)
    .parse(readJson(path.join(taxonomyDir, 'languages.json')))
    .forEach((language, index) =>
      terms.push({
        vocabulary: 'language',
        slug: language.code,
        parent: null,
        position: index,
        labels: language.labels,
        attributes: { native: language.native, dir: language.dir },
      }),
    );
  region.districts.forEach((district, index) =>
    terms.push({
      vocabulary: 'district',
      slug: district.slug,
      parent: null,
      position: index,
      labels: { de: district.name, ...district.labels },
      attributes: { centre: district.centre },
    }),
  );
  return terms;
}

/**
 * Adds terms and labels that the database does not have yet. Existing ones are
 * left alone, so changes staff made in the back office survive an upgrade.
 */
export async function seedTaxonomy(db: Database, terms: Term[]): Promise<number> {
  let added = 0;
  await db.transaction(async (trx) => {
    for (const term of terms) {
      const inserted = await trx('taxonomy_terms')
        .insert({
          vocabulary: term.vocabulary,
          slug: term.slug,
          parent_slug: term.parent,
          position: term.position,
          attributes: JSON.stringify(term.attributes),
        })
        .onConflict(['vocabulary', 'slug'])
        .ignore();
      if (Array.isArray(inserted) && inserted.length > 0 && Number(inserted[0]) > 0) added += 1;
      const labels = Object.entries(term.labels).map(([locale, label]) => ({ vocabulary: term.vocabulary, slug: term.slug, locale, label }));
      if (labels.length > 0) await trx('taxonomy_labels').insert(labels).onConflict(['vocabulary', 'slug', 'locale']).ignore();
    }
    // Instances of an older release running on the same database pick the new terms up.
    if (added > 0) await bumpTaxonomyVersion(trx, new Date());
  });
  return added;
}

/** The taxonomy as the app uses it: terms by vocabulary and slug, with labels per locale. */
export class Taxonomy {
  private readonly byVocabulary = new Map<Vocabulary, Map<string, Term>>();
  private readonly changeListeners: Array<() => void> = [];

  constructor(terms: Term[]) {
    this.replaceTerms(terms);
  }

  /** Swaps in fresh terms (after staff edited them); everyone holding this object sees them at once. */
  replaceTerms(terms: Term[]): void {
    for (const vocabulary of VOCABULARIES) this.byVocabulary.set(vocabulary, new Map());
    for (const term of [...terms].sort((a, b) => a.position - b.position)) this.byVocabulary.get(term.vocabulary)?.set(term.slug, term);
    for (const listener of this.changeListeners) listener();
  }

  /** Calls `listener` after every change of terms or labels (cached pages show labels). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  terms(vocabulary: Vocabulary): Term[] {
    return [...(this.byVocabulary.get(vocabulary)?.values() ?? [])];
  }

  get(vocabulary: Vocabulary, slug: string): Term | undefined {
    return this.byVocabulary.get(vocabulary)?.get(slug);
  }

  has(vocabulary: Vocabulary, slug: string): boolean {
    return this.byVocabulary.get(vocabulary)?.has(slug) ?? false;
  }

  /** The label in `locale`, falling back to German, then the slug. */
  label(vocabulary: Vocabulary, slug: string, locale: string): string {
    const term = this.get(vocabulary, slug);
    return term?.labels[locale] ?? term?.labels.de ?? slug;
  }

  topCategories(): Term[] {
    return this.terms('category').filter((term) => term.parent === null);
  }

  subcategories(parent: string): Term[] {
    return this.terms('category').filter((term) => term.parent === parent);
  }

  /** A category slug together with its parent, for indexing: "integration-course" → ["language", "integration-course"]. */
  withParents(categorySlugs: string[]): string[] {
    const result = new Set<string>();
    for (const slug of categorySlugs) {
      const term = this.get('category', slug);
      if (!term) continue;
      if (term.parent) result.add(term.parent);
      result.add(slug);
    }
    return [...result];
  }
}

/** Loads every term and label from the database. */
export async function loadTaxonomy(db: Database): Promise<Taxonomy> {
  return new Taxonomy(await loadTerms(db));
}

export async function loadTerms(db: Database): Promise<Term[]> {
  const [termRows, labelRows] = await Promise.all([db('taxonomy_terms').select(), db('taxonomy_labels').select()]);
  const labels = new Map<string, Record<string, string>>();
  for (const row of labelRows) {
    const key = `${row.vocabulary}:${row.slug}`;
    const entry = labels.get(key) ?? {};
    entry[row.locale] = row.label;
    labels.set(key, entry);
  }
  return termRows.map((row) => ({
    vocabulary: row.vocabulary,
    slug: row.slug,
    parent: row.parent_slug,
    position: row.position,
    labels: labels.get(`${row.vocabulary}:${row.slug}`) ?? {},
    attributes: JSON.parse(row.attributes),
  }));
}
