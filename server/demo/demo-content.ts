import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const blueprintSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(3),
  summary: z.string().min(10),
  description: z.string().min(40),
  translate: z.boolean(),
  womenOnly: z.boolean().optional(),
  childcare: z.boolean().optional(),
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

export interface DemoContent {
  subcategories: SubcategoryContent[];
  providers: DemoProviderContent[];
  streets: Record<string, string[]>;
  /** locale → blueprint id → translated texts */
  translations: Record<string, z.infer<typeof translationFileSchema>>;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Reads the hand-written demo content under data/demo (blueprints, providers, streets, translations). */
export function readDemoContent(demoDir: string): DemoContent {
  const blueprintDir = path.join(demoDir, 'blueprints');
  const subcategories: SubcategoryContent[] = [];
  for (const file of readdirSync(blueprintDir).filter((name) => name.endsWith('.json')).sort()) {
    const parsed = blueprintFileSchema.parse(readJson(path.join(blueprintDir, file)));
    for (const [slug, content] of Object.entries(parsed.subcategories)) subcategories.push({ ...content, slug, parent: parsed.category });
  }
  const translations: DemoContent['translations'] = {};
  const translationDir = path.join(demoDir, 'translations');
  // translations/<locale>/<category>.json, each mapping blueprint ids to translated texts
  if (existsSync(translationDir)) {
    for (const locale of readdirSync(translationDir).sort()) {
      const localeDir = path.join(translationDir, locale);
      for (const file of readdirSync(localeDir).filter((name) => name.endsWith('.json')).sort()) {
        translations[locale] = { ...translations[locale], ...translationFileSchema.parse(readJson(path.join(localeDir, file))) };
      }
    }
  }
  return {
    subcategories,
    providers: z.array(providerSchema).parse(readJson(path.join(demoDir, 'providers.json'))),
    streets: z.record(z.string(), z.array(z.string()).min(5)).parse(readJson(path.join(demoDir, 'streets.json'))),
    translations,
  };
}
