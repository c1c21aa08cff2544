import type { RequestHandler } from 'express';
import { ValidationError } from '../errors/app-errors.ts';

/** Node's query parser keeps only the first 1,000 parameters and drops the rest without a word. */
export const MAX_QUERY_PARAMETERS = 1000;

/**
 * Refuses a query string with more parameters than the parser keeps: cut
 * short, a filter further back would be dropped and the search widened.
 */
export const limitQueryParameters: RequestHandler = (request, _response, next) => {
  const start = request.url.indexOf('?');
  if (start === -1) return next();
  let count = 0;
  for (const pair of request.url.slice(start + 1).split('&')) if (pair !== '') count += 1;
  if (count > MAX_QUERY_PARAMETERS) return next(new ValidationError({ query: `more than ${MAX_QUERY_PARAMETERS} parameters` }, 'errors.badRequest'));
  next();
};
