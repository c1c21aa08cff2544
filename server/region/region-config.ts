import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StartupError } from '../config/config.ts';

const pointSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

/** A named part of a district (Stadtteil, Ortsteil) that people type as a place: "Annen", "Bilk". */
const quarterSchema = z.object({
  name: z.string().min(1),
  centre: pointSchema,
  postcodes: z.array(z.string().regex(/^\d{5}$/)).optional(),
});

/** How to reach the KI that publishes the directory; shown in the footer. */
const contactSchema = z.object({
  street: z.string().min(1),
  postcode: z.string().regex(/^\d{5}$/),
  town: z.string().min(1),
  phone: z.string().min(3).optional(),
  email: z.email(),
  website: z.url().optional(),
}).transform((contact) => ({ ...contact, phoneHref: contact.phone?.replace(/[^\d+]/g, '') }));

/**
 * What the legal pages (Impressum, Datenschutz, Barrierefreiheit) name beyond
 * the organisation and its contact; every field has a templated default.
 */
const legalSchema = z.object({
  /** Who represents the organisation (Impressum), e.g. "Landrat Max Muster". */
  representative: z.string().min(1).optional(),
  /** Who is responsible for the content (§ 18 Abs. 2 MStV). */
  responsibleForContent: z.string().min(1).optional(),
  dataProtectionOfficerEmail: z.email().optional(),
  accessibilityFeedbackEmail: z.email().optional(),
  /** The conciliation body for accessibility complaints. */
  enforcementBody: z.string().min(1).optional(),
  /** When the accessibility statement was last checked (YYYY-MM-DD). */
  accessibilityReviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

const districtSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  /** The postal town of addresses in this district, when the district is part of a city ("Solingen" for "Gräfrath"). */
  town: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  centre: pointSchema,
  radiusKm: z.number().positive(),
  postcodes: z.array(z.object({ code: z.string().regex(/^\d{5}$/), lat: z.number(), lng: z.number(), area: z.string() })).min(1),
  quarters: z.array(quarterSchema).optional(),
});

const regionSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  organisation: z.string().min(1),
  contactEmail: z.email(),
  contact: contactSchema.optional(),
  legal: legalSchema.optional(),
  defaultLocale: z.string().min(2),
  map: z.object({ centre: pointSchema, zoom: z.number().int().min(1).max(19) }),
  districts: z.array(districtSchema).min(1),
  /** What the "where" field suggests typing ("z. B. 58452 oder Hattingen"); the first district's by default. */
  placeExample: z.object({ postcode: z.string().regex(/^\d{5}$/), place: z.string().min(1) }).optional(),
}).transform((region) => ({
  ...region,
  placeExample: region.placeExample ?? { postcode: region.districts[0]!.postcodes[0]!.code, place: region.districts[0]!.name },
}));

export type Region = z.infer<typeof regionSchema>;
export type District = Region['districts'][number];
export type Quarter = NonNullable<District['quarters']>[number];

/** The town an address in the district names: its postal town, or the district itself. */
export function townOf(district: District): string {
  return district.town ?? district.name;
}

/** Loads data/regions/<slug>.json; an unknown or malformed region stops the start with one sentence. */
export function loadRegion(regionsDir: string, slug: string): Region {
  const file = path.join(regionsDir, `${slug}.json`);
  if (!existsSync(file)) {
    const known = existsSync(regionsDir)
      ? readdirSync(regionsDir).filter((name) => name.endsWith('.json')).map((name) => name.replace(/\.json$/, ''))
      : [];
    throw new StartupError(`REGION "${slug}" is unknown: there is no ${path.relative(process.cwd(), file)} (known regions: ${known.join(', ') || 'none'}).`);
  }
  const parsed = regionSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`Region file ${file} is invalid at ${issue?.path.join('.')}: ${issue?.message}.`);
  }
  return parsed.data;
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
