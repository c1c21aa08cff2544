import { z } from 'zod';
import { COSTS, FORMATS, GEO_PRECISIONS } from '../offers/offer-types.ts';
import { MAX_AGE, MAX_PAGE, MAX_STARTS_WITHIN_DAYS, SORTS } from '../search/search-query.ts';

/**
 * The documented shape of /api/v1: its parameters and answers as zod schemas.
 * The OpenAPI description is generated from them, and the tests parse real
 * answers with them, so the description cannot drift from what is served.
 */

const many = (description: string, example: string) => z.union([z.string(), z.array(z.string())]).optional().meta({ description: `${description} Mehrfach angeben für ODER.`, example });

export const searchQuerySchema = z.object({
  q: z.string().max(200).optional().meta({ description: 'Suchtext (bis 200 Zeichen).', example: 'Deutschkurs' }),
  where: z.string().max(80).optional().meta({ description: 'Ort, Ortsteil oder Postleitzahl; sucht im Umkreis (Standard 5 km).', example: '58452' }),
  district: many('Stadt (Slug aus der Region).', 'witten'),
  language: many('Sprache des Angebots (ISO-639-Code).', 'ar'),
  target: many('Zielgruppe (Slug).', 'parents'),
  category: many('Thema oder Unterthema (Slug); ein Thema schließt seine Unterthemen ein.', 'language'),
  cost: many(`Kosten: ${COSTS.join(', ')}.`, 'free'),
  weekday: many('Wochentag 1 (Montag) bis 7 (Sonntag).', '2'),
  format: many(`Form: ${FORMATS.join(', ')}.`, 'in-person'),
  childcare: z.enum(['true']).optional().meta({ description: 'Nur mit Kinderbetreuung.' }),
  accessible: z.enum(['true']).optional().meta({ description: 'Nur stufenlos erreichbar.' }),
  women: z.enum(['true']).optional().meta({ description: 'Nur für Frauen.' }),
  age: z.string().optional().meta({ description: `Offen für dieses Alter (0–${MAX_AGE}).`, example: '16' }),
  startsWithin: z.string().optional().meta({ description: `Kurse, die in den nächsten N Tagen beginnen (1–${MAX_STARTS_WITHIN_DAYS}).`, example: '28' }),
  near: z.string().optional().meta({ description: 'Breite,Länge eines Punkts; sortiert nach Entfernung.', example: '51.4437,7.3528' }),
  radius: z.string().optional().meta({ description: 'Umkreis in km (bis 200); nur mit near.', example: '5' }),
  bbox: z.string().optional().meta({ description: 'Kartenausschnitt Süd,West,Nord,Ost.', example: '51.40,7.30,51.47,7.40' }),
  sort: z.enum(SORTS).optional().meta({ description: 'Reihenfolge.' }),
  page: z.string().optional().meta({ description: `Seite 1 bis ${MAX_PAGE} (20 Treffer je Seite).`, example: '2' }),
});

const slot = z.looseObject({ weekday: z.number().int().min(1).max(7), opensAt: z.string(), closesAt: z.string() });

export const searchHitSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    summary: z.string(),
    provider: z.object({ name: z.string(), slug: z.string() }),
    districts: z.array(z.string()),
    languages: z.array(z.string()),
    categories: z.array(z.string()),
    targetGroups: z.array(z.string()),
    cost: z.enum(COSTS),
    format: z.enum(FORMATS),
    schedule: z.array(slot),
    byAppointment: z.boolean(),
    location: z.object({ name: z.string().nullable(), district: z.string().nullable(), lat: z.number(), lng: z.number() }).nullable(),
    distanceKm: z.number().optional(),
  })
  .meta({ id: 'SearchHit' });

const engineSchema = z
  .enum(['meilisearch', 'database'])
  .meta({ description: 'Wer geantwortet hat: "database" ist die vereinfachte Suche, solange die Suchmaschine nicht erreichbar ist (ganze Wörter, keine Tippfehler-Toleranz).' });

export const searchResponseSchema = z
  .object({
    total: z.number().int().meta({ description: 'Anzahl der Treffer (über 5.000 eine Untergrenze).' }),
    totalIsLowerBound: z.boolean(),
    page: z.number().int(),
    pageSize: z.number().int(),
    totalPages: z.number().int(),
    hits: z.array(searchHitSchema),
    facets: z.record(z.string(), z.record(z.string(), z.number())).meta({ description: 'Zahl der Treffer je Filterwert (district, language, target, category, cost, weekday, format, childcare, accessible, women).' }),
    engine: engineSchema,
  })
  .meta({ id: 'SearchResponse' });

export const mapResponseSchema = z
  .object({
    markers: z.array(z.object({ offerId: z.number().int(), slug: z.string(), title: z.string(), providerName: z.string(), locationName: z.string().nullable(), lat: z.number(), lng: z.number() })),
    truncated: z.boolean().meta({ description: 'Mehr als 3.000 Orte: nur die ersten.' }),
    engine: engineSchema,
  })
  .meta({ id: 'MapResponse' });

export const offerResponseSchema = z
  .looseObject({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    description: z.string(),
    translations: z.array(
      z.looseObject({
        locale: z.string(),
        title: z.string(),
        summary: z.string(),
        description: z.string(),
        machine: z
          .object({ provider: z.string(), madeAt: z.string(), sourceHash: z.string() })
          .optional()
          .describe('Present only on machine translations ("maschinell übersetzt"): the service, when, and the hash of the German text it was made from.'),
      }),
    ),
    provider: z.object({ id: z.number().int(), slug: z.string(), name: z.string(), kind: z.string(), website: z.string().nullable() }),
    categories: z.array(z.string()),
    targetGroups: z.array(z.string()),
    languages: z.array(z.string()),
    cost: z.enum(COSTS),
    costNote: z.string().nullable(),
    ageMin: z.number().int().nullable(),
    ageMax: z.number().int().nullable(),
    format: z.enum(FORMATS),
    schedule: z.array(slot),
    byAppointment: z.boolean(),
    registrationRequired: z.boolean(),
    childcare: z.boolean(),
    womenOnly: z.boolean(),
    contact: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), url: z.string().nullable() }),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    locations: z.array(
      z.looseObject({
        id: z.number().int(),
        name: z.string(),
        street: z.string().nullable(),
        postcode: z.string().nullable(),
        city: z.string(),
        district: z.string(),
        lat: z.number().nullable(),
        lng: z.number().nullable(),
        stepFree: z.boolean(),
        precision: z.enum(GEO_PRECISIONS).optional(),
      }),
    ),
    lastVerifiedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Offer' });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'validation_failed' }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ description: 'Jeder ungültige Parameter mit dem Grund.', example: { district: 'unknown value(s): atlantis' } }),
    }),
  })
  .meta({ id: 'Error' });
