import { Router } from 'express';
import { searchOffers, type SearchServiceDeps } from './search-service.ts';

function firstString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

function parsePage(value: unknown): number {
  const page = Number.parseInt(firstString(value), 10);
  return Number.isFinite(page) && page >= 1 && page <= 250 ? page : 1;
}

export function createSearchRouter(deps: SearchServiceDeps): Router {
  const router = Router();
  router.get('/', (_request, response) => response.render('home', { titleKey: 'home.title' }));
  router.get('/search', async (request, response) => {
    const q = firstString(request.query.q).slice(0, 200);
    const result = await searchOffers(deps, { q, page: parsePage(request.query.page) });
    response.render('search', { q, result });
  });
  return router;
}
