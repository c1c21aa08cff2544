import { Router } from 'express';
import type { Region } from '../region/region-config.ts';

/** The web app manifest (add to home screen) and the favicon at the address browsers ask for. */
export function createWebAppRouter(deps: { region: Region; translate: (locale: string, key: string) => string }): Router {
  const router = Router();
  router.get('/manifest.webmanifest', (_request, response) => {
    const name = `${deps.translate('de', 'site.name')} ${deps.region.name}`;
    response.type('application/manifest+json').setHeader('Cache-Control', 'public, max-age=86400');
    response.send(
      JSON.stringify({
        name,
        short_name: deps.translate('de', 'site.name'),
        lang: deps.region.defaultLocale,
        start_url: '/',
        scope: '/',
        display: 'browser',
        background_color: '#ffffff',
        theme_color: '#0b5d6b',
        icons: [{ src: '/static/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      }),
    );
  });
  router.get('/favicon.ico', (_request, response) => response.redirect(301, '/static/favicon.svg'));
  return router;
}
