import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StartupError } from '../config/config.ts';

const blueprintSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(3),
  summary: z.string().min(10),
  description: z.string().min(40),
  translate: z.boolean(),
  womenOnly: z.boolean().optional(),
  childcare: z.boolean().optional(),
  /** A region's own offer: generated first, and by this provider of the region pack when named. */
  featured: z.boolean().optional(),
  provider: z.string().optional(),
});

const subcategorySchema = z.object({
  providerKinds: z.array(z.string()).min(1),
  targets: z.array(z.string()).min(1),
  languages: z.array(z.string()).min(1),
  extraLanguages: z.array(z.string()),
  cost: z.enum(['free', 'reduced', 'paid', 'mixed']),
  costNotes: z.array(z.string()),
  format: z.array(z.enum(['in-person', 'online', 'hybrid'])).min(1),
  schedule: z.enum(['course', 'weekly', 'office-hours', 'appointment']),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
  registrationRequired: z.boolean(),
  childcareShare: z.number().min(0).max(1),
  womenOnlyShare: z.number().min(0).max(1),
  blueprints: z.array(blueprintSchema).min(1),
});

const blueprintFileSchema = z.object({ category: z.string(), subcategories: z.record(z.string(), subcategorySchema) });

/** A region pack's blueprints: only blueprints for a shared sub-category, or a whole new one. */
const regionBlueprintFileSchema = z.object({
  category: z.string(),
  subcategories: z.record(z.string(), subcategorySchema.partial().extend({ blueprints: z.array(blueprintSchema).min(1) })),
});

/** What differs between the regions' generated directories beside their content. */
const packSettingsSchema = z.object({
  publishedOffers: z.number().int().positive(),
  defaultAreaCode: z.string().regex(/^0\d{2,5}$/),
  areaCodes: z.record(z.string(), z.string().regex(/^0\d{2,5}$/)),
  /** Name a provider's places after their district ("Treffpunkt Witten") or nearest quarter ("Treffpunkt Bilk"). */
  locationNames: z.enum(['district', 'quarter']),
});

const providerSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(3),
  kind: z.string(),
  districts: z.array(z.string()).min(1),
  description: z.string().min(20),
});

const translationFileSchema = z.record(z.string(), z.object({ title: z.string().min(2), summary: z.string(), description: z.string() }));

export type Blueprint = z.infer<typeof blueprintSchema>;
export type SubcategoryContent = z.infer<typeof subcategorySchema> & { slug: string; parent: string };
export type DemoProviderContent = z.infer<typeof providerSchema>;
export type DemoPackSettings = z.infer<typeof packSettingsSchema>;

export interface DemoContent {
  subcategories: SubcategoryContent[];
  providers: DemoProviderContent[];
  streets: Record<string, string[]>;
  settings: DemoPackSettings;
  /** locale → blueprint id → translated texts */
  translations: Record<string, z.infer<typeof translationFileSchema>>;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function readSharedBlueprints(blueprintDir: string): SubcategoryContent[] {
  const subcategories: SubcategoryContent[] = [];
  for (const file of readdirSync(blueprintDir).filter((name) => name.endsWith('.json')).sort()) {
    const parsed = blueprintFileSchema.parse(readJson(path.join(blueprintDir, file)));
    for (const [slug, content] of Object.entries(parsed.subcategories)) subcategories.push({ ...content, slug, parent: parsed.category });
  }
  return subcategories;
}

/**
 * Adds a region pack's blueprints: to a shared sub-category they come first and
 * are marked featured (each is used before any shared one); a sub-category the
 * shared files lack must be complete.
 */
function addRegionBlueprints(subcategories: SubcategoryContent[], blueprintDir: string): SubcategoryContent[] {
  if (!existsSync(blueprintDir)) return subcategories;
  const merged = [...subcategories];
  for (const file of readdirSync(blueprintDir).filter((name) => name.endsWith('.json')).sort()) {
    const parsed = regionBlueprintFileSchema.parse(readJson(path.join(blueprintDir, file)));
    for (const [slug, content] of Object.entries(parsed.subcategories)) {
      const featured = content.blueprints.map((blueprint) => ({ ...blueprint, featured: true }));
      const index = merged.findIndex((candidate) => candidate.slug === slug);
      const shared = merged[index];
      if (shared) merged[index] = { ...shared, ...content, blueprints: [...featured, ...shared.blueprints] };
      else merged.push({ ...subcategorySchema.parse({ ...content, blueprints: featured }), slug, parent: parsed.category });
    }
  }
  return merged;
}

/** translations/<locale>/<category>.json, each mapping blueprint ids to translated texts */
function readTranslations(translationDir: string, into: DemoContent['translations'] = {}): DemoContent['translations'] {
  if (!existsSync(translationDir)) return into;
  for (const locale of readdirSync(translationDir).sort()) {
    const localeDir = path.join(translationDir, locale);
    for (const file of readdirSync(localeDir).filter((name) => name.endsWith('.json')).sort()) {
      into[locale] = { ...into[locale], ...translationFileSchema.parse(readJson(path.join(localeDir, file))) };
    }
  }
  return into;
}

/**
 * Reads the hand-written demo content: the shared blueprints and translations
 * under data/demo, and the region pack data/demo/<region> (providers, streets,
 * settings, and its own blueprints and translations if it has any).
 */
export function readDemoContent(demoDir: string, regionSlug: string): DemoContent {
  const packDir = path.join(demoDir, regionSlug);
  if (!existsSync(path.join(packDir, 'providers.json'))) {
    throw new StartupError(`REGION "${regionSlug}" has no demo directory (${path.relative(process.cwd(), packDir)}/providers.json); add one or set DEMO_DATA=false.`);
  }
  const providers = z.array(providerSchema).parse(readJson(path.join(packDir, 'providers.json')));
  const subcategories = addRegionBlueprints(readSharedBlueprints(path.join(demoDir, 'blueprints')), path.join(packDir, 'blueprints'));
  for (const blueprint of subcategories.flatMap((subcategory) => subcategory.blueprints)) {
    if (blueprint.provider && !providers.some((provider) => provider.key === blueprint.provider)) {
      throw new Error(`Demo blueprint ${blueprint.id} names unknown provider ${blueprint.provider}`);
    }
  }
  return {
    subcategories,
    providers,
    // "<district>" lists (five or more) and, for a city, "<district>/<quarter>" lists of that quarter's streets
    streets: z.record(z.string(), z.array(z.string()).min(1)).parse(readJson(path.join(packDir, 'streets.json'))),
    settings: packSettingsSchema.parse(readJson(path.join(packDir, 'demo.json'))),
    translations: readTranslations(path.join(packDir, 'translations'), readTranslations(path.join(demoDir, 'translations'))),
  };
}
