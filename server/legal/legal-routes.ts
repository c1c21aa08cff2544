import { Router } from 'express';
import type { Region } from '../region/region-config.ts';
import { LEGAL_PAGES, toLegalPage, type LegalPagePath } from './legal-page-mapper.ts';

/** Impressum, Datenschutz, Barrierefreiheit and Leichte Sprache, from the region's configuration. */
export function createLegalRouter(deps: { region: Region }): Router {
  const router = Router();
  for (const page of Object.keys(LEGAL_PAGES) as LegalPagePath[]) {
    router.get(`/${page}`, (_request, response) => response.render('legal/page', toLegalPage(page, deps.region, response.locals.t)));
  }
  return router;
}
