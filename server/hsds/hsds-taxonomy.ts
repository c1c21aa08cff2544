import type { Taxonomy, Vocabulary } from '../taxonomy/taxonomy.ts';
import type { IdMaker } from './hsds-ids.ts';
import type { HsdsAttribute, HsdsTaxonomy, HsdsTaxonomyTerm, HsdsTranslation } from './hsds-types.ts';

/**
 * The Wegweiser taxonomies published with every HSDS answer. Categories, target
 * groups and provider kinds are the app's own vocabularies; "feature" holds what
 * HSDS has no field for (format, registration ways, flags), so it travels as
 * attributes that any HSDS consumer can read.
 */
export const HSDS_VOCABULARIES = ['category', 'target', 'feature', 'provider-kind'] as const;
export type HsdsVocabulary = (typeof HSDS_VOCABULARIES)[number];

const TAXONOMY_NAMES: Record<HsdsVocabulary, { name: string; description: string; linkType: string }> = {
  category: { name: 'Wegweiser-Themen', description: 'Themen und Unterthemen der Angebote im Wegweiser (zwei Ebenen).', linkType: 'category' },
  target: { name: 'Wegweiser-Zielgruppen', description: 'Für wen ein Angebot gedacht ist.', linkType: 'eligibility' },
  feature: { name: 'Wegweiser-Merkmale', description: 'Form, Anmeldung und Merkmale eines Angebots oder Ortes, für die HSDS kein eigenes Feld hat.', linkType: 'feature' },
  'provider-kind': { name: 'Wegweiser-Trägerarten', description: 'Art des Trägers eines Angebots.', linkType: 'organization_type' },
};

/** Feature terms: German name, English name. */
export const FEATURE_TERMS: Record<string, { de: string; en: string }> = {
  'format-in-person': { de: 'vor Ort', en: 'in person' },
  'format-online': { de: 'online', en: 'online' },
  'format-hybrid': { de: 'vor Ort und online', en: 'in person and online' },
  childcare: { de: 'Kinderbetreuung', en: 'Childcare' },
  'women-only': { de: 'nur für Frauen', en: 'Women only' },
  'by-appointment': { de: 'nach Vereinbarung', en: 'By appointment' },
  'registration-required': { de: 'Anmeldung nötig', en: 'Registration required' },
  'registration-walk-in': { de: 'Anmeldung: einfach vorbeikommen', en: 'Registration: walk in' },
  'registration-phone': { de: 'Anmeldung: telefonisch', en: 'Registration: by phone' },
  'registration-email': { de: 'Anmeldung: per E-Mail', en: 'Registration: by e-mail' },
  'registration-online': { de: 'Anmeldung: online', en: 'Registration: online' },
  'registration-counsellor': { de: 'Anmeldung: über eine Beratungsstelle', en: 'Registration: through a counsellor' },
  'interpreter-on-request': { de: 'Dolmetschen auf Anfrage', en: 'Interpreter on request' },
  'rolling-entry': { de: 'Einstieg jederzeit möglich', en: 'Rolling entry' },
  'step-free': { de: 'stufenlos erreichbar', en: 'Step-free access' },
  'address-on-request': { de: 'Adresse auf Anfrage', en: 'Address on request' },
  'pin-precision': { de: 'Genauigkeit der Kartenposition', en: 'Precision of the map pin' },
};

interface PlainTerm {
  vocabulary: HsdsVocabulary;
  slug: string;
  parent: string | null;
  labels: Record<string, string>;
  description: string;
}

/** Every term of the published taxonomies, parents before children. */
export function listPlainTerms(taxonomy: Taxonomy): PlainTerm[] {
  const fromApp = (vocabulary: Exclude<HsdsVocabulary, 'feature'>, appVocabulary: Vocabulary): PlainTerm[] =>
    taxonomy.terms(appVocabulary).map((term) => ({
      vocabulary,
      slug: term.slug,
      parent: term.parent,
      labels: term.labels,
      description: (term.attributes.descriptions as Record<string, string> | undefined)?.de ?? term.labels.de ?? term.slug,
    }));
  const categories = fromApp('category', 'category');
  const ordered = [...categories.filter((term) => term.parent === null), ...categories.filter((term) => term.parent !== null)];
  const features = Object.entries(FEATURE_TERMS).map(([slug, labels]): PlainTerm => ({ vocabulary: 'feature', slug, parent: null, labels, description: labels.de }));
  return [...ordered, ...fromApp('target', 'target'), ...features, ...fromApp('provider-kind', 'provider-kind')];
}

export function toHsdsTaxonomy(vocabulary: HsdsVocabulary, ids: IdMaker, baseUrl: string): HsdsTaxonomy {
  const id = ids.taxonomy(vocabulary);
  return { id, name: TAXONOMY_NAMES[vocabulary].name, description: TAXONOMY_NAMES[vocabulary].description, uri: `${baseUrl}/api/hsds/taxonomies/${id}`, version: '1' };
}

function translationsOf(labels: Record<string, string>): HsdsTranslation[] {
  return Object.entries(labels)
    .filter(([locale]) => locale !== 'de')
    .map(([language, name]) => ({ language, name }));
}

export function toHsdsTaxonomyTerm(term: PlainTerm, ids: IdMaker, baseUrl: string): HsdsTaxonomyTerm {
  const id = ids.term(term.vocabulary, term.slug);
  const taxonomy = toHsdsTaxonomy(term.vocabulary, ids, baseUrl);
  return {
    id,
    code: term.slug,
    name: term.labels.de ?? term.slug,
    description: term.description,
    ...(term.parent ? { parent_id: ids.term(term.vocabulary, term.parent) } : {}),
    taxonomy: taxonomy.name,
    taxonomy_id: taxonomy.id,
    language: 'de',
    term_uri: `${baseUrl}/api/hsds/taxonomy_terms/${id}`,
    x_translations: translationsOf(term.labels),
  };
}

/** Looks terms up by HSDS id, vocabulary and slug; built once per request from the live taxonomy. */
export class HsdsTermIndex {
  private readonly byId = new Map<string, PlainTerm>();
  private readonly byKey = new Map<string, PlainTerm>();
  private readonly published = new Map<PlainTerm, HsdsTaxonomyTerm>();

  constructor(
    readonly taxonomy: Taxonomy,
    private readonly ids: IdMaker,
    private readonly baseUrl: string,
  ) {
    for (const term of listPlainTerms(taxonomy)) {
      this.byId.set(ids.term(term.vocabulary, term.slug), term);
      this.byKey.set(`${term.vocabulary}:${term.slug}`, term);
    }
  }

  all(): PlainTerm[] {
    return [...this.byKey.values()];
  }

  findById(id: string): PlainTerm | undefined {
    return this.byId.get(id.toLowerCase());
  }

  find(vocabulary: HsdsVocabulary, slug: string): PlainTerm | undefined {
    return this.byKey.get(`${vocabulary}:${slug}`);
  }

  vocabularyOfTaxonomyId(id: string): HsdsVocabulary | undefined {
    return HSDS_VOCABULARIES.find((vocabulary) => this.ids.taxonomy(vocabulary) === id.toLowerCase());
  }

  /** The published form of a term, made once: every attribute of every service repeats it. */
  toTerm(term: PlainTerm): HsdsTaxonomyTerm {
    let published = this.published.get(term);
    if (!published) {
      published = toHsdsTaxonomyTerm(term, this.ids, this.baseUrl);
      this.published.set(term, published);
    }
    return published;
  }

  /**
   * An attribute linking a record to a term; unknown slugs (a term deleted after
   * use) are skipped rather than published without a term.
   */
  attribute(linkEntity: string, linkId: string, vocabulary: HsdsVocabulary, slug: string, value?: string): HsdsAttribute | undefined {
    const term = this.find(vocabulary, slug);
    if (!term) return undefined;
    const hsdsTerm = this.toTerm(term);
    return {
      id: this.ids.record('attribute', `${linkId}:${vocabulary}:${slug}`),
      link_id: linkId,
      link_type: TAXONOMY_NAMES[vocabulary].linkType,
      link_entity: linkEntity,
      taxonomy_term_id: hsdsTerm.id,
      ...(value !== undefined ? { value } : {}),
      taxonomy_term: hsdsTerm,
    };
  }
}
