import type { Response } from 'express';
import type { ViewContext } from '../search/search-view-mapper.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';

/** The language, translation function and taxonomy a mapper needs, from the request's locals. */
export function viewContext(response: Response, taxonomy: Taxonomy, basePath = '/search'): ViewContext {
  return { taxonomy, locale: response.locals.lang as string, t: response.locals.t as ViewContext['t'], basePath };
}
