import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorResponseSchema, mapResponseSchema, offerResponseSchema, searchQuerySchema, searchResponseSchema } from './api-v1-schemas.ts';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const badRequest = json(errorResponseSchema, 'Ungültige Parameter; `error.fields` nennt jeden mit dem Grund.');

function buildRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerPath({
    method: 'get',
    path: '/search',
    summary: 'Angebote suchen',
    description: 'Volltextsuche mit Filtern und Zählern je Filterwert; dieselben Parameter wie die Suchseite.',
    request: { query: searchQuerySchema },
    responses: { 200: json(searchResponseSchema, 'Eine Seite Treffer mit Zählern.'), 400: badRequest, 503: json(errorResponseSchema, 'Die Suche ist gerade nicht erreichbar.') },
  });
  registry.registerPath({
    method: 'get',
    path: '/map',
    summary: 'Orte für die Karte',
    description: 'Jeder passende Ort (höchstens 3.000); dieselben Parameter wie /search.',
    request: { query: searchQuerySchema },
    responses: { 200: json(mapResponseSchema, 'Kartenpunkte.'), 400: badRequest },
  });
  registry.registerPath({
    method: 'get',
    path: '/offers/{idOrSlug}',
    summary: 'Ein veröffentlichtes Angebot',
    request: { params: z.object({ idOrSlug: z.string().meta({ description: 'Nummer oder Adresskürzel des Angebots.', example: 'sprachcafe-fuer-eltern' }) }) },
    responses: { 200: json(offerResponseSchema, 'Das Angebot mit Träger, Orten, Zeiten und Übersetzungen.'), 404: json(errorResponseSchema, 'Kein veröffentlichtes Angebot.') },
  });
  return registry;
}

/** The OpenAPI 3.1 description of /api/v1, generated from the zod schemas the tests hold the answers to. */
export function buildApiV1OpenApi(baseUrl: string) {
  return new OpenApiGeneratorV31(buildRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Wegweiser API',
      version: '1',
      description: 'Lesender Zugriff auf die veröffentlichten Angebote, ohne Schlüssel. Offene Daten im Standard Open Referral HSDS 3.0 unter /api/hsds.',
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
  });
}
