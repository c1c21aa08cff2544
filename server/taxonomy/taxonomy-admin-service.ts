import type { User } from '../accounts/account-repository.ts';
import { actorOf, recordAudit } from '../audit/audit-log.ts';
import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import { loadTerms, UI_LOCALES, type Taxonomy } from './taxonomy.ts';
import { bumpTaxonomyVersion } from './taxonomy-version.ts';

/** Staff edit categories and target groups; languages and towns come from configuration. */
export const EDITABLE = { category: 'offer_categories', target: 'offer_target_groups' } as const;
export type EditableVocabulary = keyof typeof EDITABLE;
const COLUMN = { category: 'category', target: 'target_group' } as const;

export interface TaxonomyAdminDeps {
  db: Database;
  taxonomy: Taxonomy;
  clock: () => Date;
  notifySearch: () => void;
  /** Wakes the other app instances at once (PostgreSQL); they also notice the version by polling. */
  notifyTaxonomy?: () => void;
}

export function isEditable(vocabulary: string): vocabulary is EditableVocabulary {
  return vocabulary in EDITABLE;
}

function readLabels(body: Record<string, unknown>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const locale of UI_LOCALES) {
    const value = body[`label_${locale}`];
    if (typeof value === 'string' && value.trim()) labels[locale] = value.trim().slice(0, 120);
  }
  if (!labels.de) throw new ValidationError({ label_de: 'taxonomyAdmin.germanRequired' });
  return labels;
}

async function offersUsing(db: Database | Knex.Transaction, vocabulary: EditableVocabulary, slug: string): Promise<number[]> {
  const rows = await db(EDITABLE[vocabulary]).where({ [COLUMN[vocabulary]]: slug }).select('offer_id');
  return rows.map((row) => row.offer_id as number);
}

/** After a committed change: this instance reloads at once, the others when they see the version move. */
async function reloadTaxonomy(deps: TaxonomyAdminDeps): Promise<void> {
  deps.taxonomy.replaceTerms(await loadTerms(deps.db));
  deps.notifyTaxonomy?.();
}

/**
 * Saves a term's labels. Offers using it are re-indexed, since search documents
 * carry the German label; for a topic also the offers in its sub-topics, whose
 * documents carry the topic's label as well.
 */
export async function saveLabels(deps: TaxonomyAdminDeps, staff: User, vocabulary: EditableVocabulary, slug: string, body: Record<string, unknown>): Promise<void> {
  if (!deps.taxonomy.has(vocabulary, slug)) throw new NotFoundError();
  const labels = readLabels(body);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    await trx('taxonomy_labels').where({ vocabulary, slug }).delete();
    await trx('taxonomy_labels').insert(Object.entries(labels).map(([locale, label]) => ({ vocabulary, slug, locale, label })));
    const affected = vocabulary === 'category' ? [slug, ...deps.taxonomy.subcategories(slug).map((term) => term.slug)] : [slug];
    const offerIds: number[] = [];
    // One query at a time: a transaction is one connection.
    for (const term of affected) offerIds.push(...(await offersUsing(trx, vocabulary, term)));
    await enqueueSearchSync(trx, [...new Set(offerIds)], now.toISOString());
    await recordAudit(trx, { actor: actorOf(staff), action: 'edit-labels', entity: `taxonomy:${vocabulary}`, details: { slug, labels }, now });
    await bumpTaxonomyVersion(trx, now);
  });
  await reloadTaxonomy(deps);
  deps.notifySearch();
}

/** Adds a term (a category may name its top-level parent). */
export async function addTerm(deps: TaxonomyAdminDeps, staff: User, vocabulary: EditableVocabulary, body: Record<string, unknown>): Promise<void> {
  const slug = typeof body.slug === 'string' ? body.slug.trim() : '';
  if (!/^[a-z0-9-]{2,60}$/.test(slug)) throw new ValidationError({ slug: 'taxonomyAdmin.invalidSlug' });
  if (deps.taxonomy.has(vocabulary, slug)) throw new ValidationError({ slug: 'taxonomyAdmin.slugTaken' });
  const parent = vocabulary === 'category' && typeof body.parent === 'string' && body.parent ? body.parent : null;
  if (parent && deps.taxonomy.get('category', parent)?.parent !== null) throw new ValidationError({ parent: 'taxonomyAdmin.invalidParent' });
  const labels = readLabels(body);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    const position = Number((await trx('taxonomy_terms').where({ vocabulary }).max({ p: 'position' }).first())?.p ?? 0) + 1;
    await trx('taxonomy_terms').insert({ vocabulary, slug, parent_slug: parent, position, attributes: '{}' });
    await trx('taxonomy_labels').insert(Object.entries(labels).map(([locale, label]) => ({ vocabulary, slug, locale, label })));
    await recordAudit(trx, { actor: actorOf(staff), action: 'add-term', entity: `taxonomy:${vocabulary}`, details: { slug, parent }, now });
    await bumpTaxonomyVersion(trx, now);
  });
  await reloadTaxonomy(deps);
}

/** Deleting a term that offers use, or a category with sub-categories, is refused. */
export async function deleteTerm(deps: TaxonomyAdminDeps, staff: User, vocabulary: EditableVocabulary, slug: string): Promise<void> {
  if (!deps.taxonomy.has(vocabulary, slug)) throw new NotFoundError();
  if ((await offersUsing(deps.db, vocabulary, slug)).length > 0) throw new ConflictError('taxonomyAdmin.inUse');
  if (vocabulary === 'category' && deps.taxonomy.subcategories(slug).length > 0) throw new ConflictError('taxonomyAdmin.hasChildren');
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    await trx('taxonomy_terms').where({ vocabulary, slug }).delete();
    await recordAudit(trx, { actor: actorOf(staff), action: 'delete-term', entity: `taxonomy:${vocabulary}`, details: { slug }, now });
    await bumpTaxonomyVersion(trx, now);
  });
  await reloadTaxonomy(deps);
}

/** How many offers use each term, so staff see what a change touches. */
export async function countOffersPerTerm(db: Database, vocabulary: EditableVocabulary): Promise<Map<string, number>> {
  const column = COLUMN[vocabulary];
  const rows: Array<{ slug: string; n: number | string }> = await db(EDITABLE[vocabulary]).groupBy(column).select(`${column} as slug`).count({ n: '*' });
  return new Map(rows.map((row) => [row.slug, Number(row.n)]));
}
