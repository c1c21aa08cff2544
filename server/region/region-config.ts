import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StartupError } from '../config/config.ts';

const pointSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

const regionSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  organisation: z.string().min(1),
  contactEmail: z.email(),
  defaultLocale: z.string().min(2),
  map: z.object({ centre: pointSchema, zoom: z.number().int().min(1).max(19) }),
  districts: z
    .array(
      z.object({
        slug: z.string().regex(/^[a-z0-9-]+$/),
        name: z.string().min(1),
        labels: z.record(z.string(), z.string()).optional(),
        centre: pointSchema,
        radiusKm: z.number().positive(),
        postcodes: z.array(z.object({ code: z.string().regex(/^\d{5}$/), lat: z.number(), lng: z.number(), area: z.string() })),
      }),
    )
    .min(1),
});

export type Region = z.infer<typeof regionSchema>;
export type District = Region['districts'][number];

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
