import type { Response } from 'express';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';

/** A page's translation function for its language. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The language, translation function and taxonomy a view mapper needs. */
export interface ViewContext {
  taxonomy: Taxonomy;
  locale: string;
  t: Translate;
  /** The path the links point to (/search). */
  basePath: string;
}

/** The view context of the request's language, from its locals. */
export function viewContext(response: Response, taxonomy: Taxonomy, basePath = '/search'): ViewContext {
  return { taxonomy, locale: response.locals.lang, t: response.locals.t, basePath };
}
